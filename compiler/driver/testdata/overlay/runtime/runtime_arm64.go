package runtime

// Arm64Only is only in the arm64 build (file name constraint).
const Arm64Only = true
