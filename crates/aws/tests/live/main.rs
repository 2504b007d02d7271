//! The AWS layer's tests against moto (scripts/with-moto.sh) and local
//! servers. One test binary, not one per file: each links the whole AWS SDK
//! (hundreds of MB and a long link apiece on a fresh clone).

mod common;

mod bootstrap;
mod connect;
mod exercise;
mod exercise_https;
mod faults;
mod recovery_points;
mod verify;
