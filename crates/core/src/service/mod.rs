//! The service desk: contracts and what they cover, prepaid hours, SLAs and the business hours their due
//! times are counted in, and tickets with their time and their thread.

pub mod contracts;
pub mod hours;
pub mod prepaid;
pub mod slas;
pub mod thread;
pub mod tickets;
