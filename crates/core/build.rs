//! Re-embeds the migrations when one is added: `sqlx::migrate!` reads them at compile time.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=server-migrations");
}
