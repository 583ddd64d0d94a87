package skip
