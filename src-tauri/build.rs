//! Tauri's build step: reads tauri.conf.json at the package root and the capabilities kept under
//! src-tauri/capabilities (the layout in DESIGN.md keeps the root for the workspace).
fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    println!("cargo:rerun-if-changed=ui/dist");
    let attributes =
        tauri_build::Attributes::new().capabilities_path_pattern("src-tauri/capabilities/*.json");
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {error:#}");
    }
}
