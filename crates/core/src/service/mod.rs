//! The service desk: contracts and what they cover, SLAs and the business hours their due
//! times are counted in, and tickets with their time.

pub mod contracts;
pub mod hours;
pub mod slas;
pub mod tickets;
