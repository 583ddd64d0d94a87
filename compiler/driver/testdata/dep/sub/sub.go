package sub

const Z = 1
