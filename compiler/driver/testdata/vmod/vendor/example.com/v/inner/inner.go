package inner

const I = 2
