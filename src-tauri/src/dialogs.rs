//! Native open and save dialogs (rfd; GTK 3 on Linux). The async API shows the dialog from the
//! GTK main loop Tauri already runs, so the main thread is never blocked waiting for the user.

use std::path::PathBuf;

use fieldbook_core::messages::msg;

/// Asks the user for one file to open; `None` when they cancel.
pub async fn pick_file(title: &str) -> Option<PathBuf> {
    rfd::AsyncFileDialog::new().set_title(title).pick_file().await.map(|f| f.path().to_owned())
}

/// Asks the user for one PNG or JPEG image; `None` when they cancel.
pub async fn pick_image(title: &str) -> Option<PathBuf> {
    rfd::AsyncFileDialog::new()
        .set_title(title)
        .add_filter(msg("Images", &[]), &["png", "jpg", "jpeg"])
        .pick_file()
        .await
        .map(|f| f.path().to_owned())
}

/// Asks for a delimited text file to import (any file may still be chosen).
pub async fn pick_import_file(title: &str) -> Option<PathBuf> {
    const KNOWN: &[&str] = &[
        "csv", "tsv", "txt", "tab", "xlsx", "xlsm", "xlsb", "xls", "ods", "vcf", "vcard", "CSV", "TSV",
        "TXT", "XLSX", "XLS", "ODS", "VCF",
    ];
    rfd::AsyncFileDialog::new()
        .set_title(title)
        .add_filter(msg("Spreadsheets and contacts (CSV, TSV, TXT, XLSX, XLS, ODS, VCF)", &[]), KNOWN)
        .add_filter(msg("All files", &[]), &["*"])
        .pick_file()
        .await
        .map(|f| f.path().to_owned())
}

/// Asks for a folder; `None` when they cancel.
pub async fn pick_folder(title: &str) -> Option<PathBuf> {
    rfd::AsyncFileDialog::new().set_title(title).pick_folder().await.map(|f| f.path().to_owned())
}

/// Asks for a Fieldbook backup file.
pub async fn pick_backup(title: &str) -> Option<PathBuf> {
    rfd::AsyncFileDialog::new()
        .set_title(title)
        .add_filter(msg("Fieldbook backups", &[]), &["fbbackup", "backup"])
        .add_filter(msg("All files", &[]), &["*"])
        .pick_file()
        .await
        .map(|f| f.path().to_owned())
}

/// Asks for a CA certificate (PEM) to verify a server's TLS certificate with.
pub async fn pick_certificate(title: &str) -> Option<PathBuf> {
    rfd::AsyncFileDialog::new()
        .set_title(title)
        .add_filter(msg("Certificates (PEM, CRT)", &[]), &["pem", "crt", "cer", "PEM", "CRT", "CER"])
        .add_filter(msg("All files", &[]), &["*"])
        .pick_file()
        .await
        .map(|f| f.path().to_owned())
}

/// Asks where to save a copy, suggesting `name` (a sanitised label, never a path of ours).
pub async fn save_file(title: &str, name: &str) -> Option<PathBuf> {
    rfd::AsyncFileDialog::new()
        .set_title(title)
        .set_file_name(name)
        .save_file()
        .await
        .map(|f| f.path().to_owned())
}

/// Asks for one or more email files (.eml); empty when they cancel.
pub async fn pick_emails(title: &str) -> Vec<PathBuf> {
    rfd::AsyncFileDialog::new()
        .set_title(title)
        .add_filter(msg("Email files (EML)", &[]), &["eml", "EML"])
        .add_filter(msg("All files", &[]), &["*"])
        .pick_files()
        .await
        .map(|files| files.iter().map(|f| f.path().to_owned()).collect())
        .unwrap_or_default()
}
