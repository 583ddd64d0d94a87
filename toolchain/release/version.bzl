"""rog's version for Starlark (release file names). Must equal //:VERSION,
which the compiler embeds; //toolchain/release:version_test checks it."""

ROG_VERSION = "0.1.0-dev"
