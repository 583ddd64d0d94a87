package secret

const S = "s"
