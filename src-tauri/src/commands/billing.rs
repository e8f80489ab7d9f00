//! Billing commands: settings and organizations' billing details, tickets and time, invoices,
//! payments, and statements (shown, saved through the native dialog, opened with the OS, written
//! as an e-mail draft, or in a batch into a chosen folder with progress and Cancel).

use std::sync::atomic::Ordering;

use fieldbook_core::billing::{BillingSettings, OrganizationBilling, PersonNews};
use fieldbook_core::invoices::{Invoice, InvoiceRun, ManualInvoice};
use fieldbook_core::logos::Logo;
use fieldbook_core::messages::msg;
use fieldbook_core::payments::{Payment, PaymentInput};
use fieldbook_core::service::thread::{TicketUpdate, UpdateInput};
use fieldbook_core::service::tickets::{
    Ticket, TicketEdit, TicketInput, TicketQuery, TicketStatus, TicketWithNews, TimeEntry, TimeEntryInput,
    Unbilled,
};
use fieldbook_core::statements::{Statement, StatementKind, StatementRequest};
use fieldbook_core::{InvoiceId, OrganizationId, PersonId, TicketId, TimeEntryId};
use serde::Serialize;
use tauri::State;
use tauri::ipc::Channel;
use ts_rs::TS;

use crate::{AppState, CommandError, dialogs};

#[tauri::command]
pub async fn get_billing_settings(state: State<'_, AppState>) -> Result<BillingSettings, CommandError> {
    Ok(state.core.billing().settings().await?)
}

#[tauri::command]
pub async fn update_billing_settings(
    state: State<'_, AppState>,
    settings: BillingSettings,
) -> Result<BillingSettings, CommandError> {
    Ok(state.core.billing().update_settings(settings).await?)
}

/// The own company's logo (printed on statements), if set.
#[tauri::command]
pub async fn get_company_logo(state: State<'_, AppState>) -> Result<Option<Logo>, CommandError> {
    Ok(state.core.logos().company().await?)
}

/// Shows the open dialog for a PNG or JPEG and makes it the company logo; false when cancelled.
#[tauri::command]
pub async fn choose_company_logo(state: State<'_, AppState>) -> Result<bool, CommandError> {
    let Some(path) = dialogs::pick_image(&msg("Choose the company logo", &[])).await else {
        return Ok(false);
    };
    state.core.logos().set_company(&path).await?;
    Ok(true)
}

#[tauri::command]
pub async fn clear_company_logo(state: State<'_, AppState>) -> Result<(), CommandError> {
    Ok(state.core.logos().clear_company().await?)
}

#[tauri::command]
pub async fn get_organization_billing(
    state: State<'_, AppState>,
    id: OrganizationId,
) -> Result<OrganizationBilling, CommandError> {
    Ok(state.core.billing().organization(id).await?)
}

#[tauri::command]
pub async fn set_organization_billing(
    state: State<'_, AppState>,
    id: OrganizationId,
    billing: OrganizationBilling,
) -> Result<OrganizationBilling, CommandError> {
    Ok(state.core.billing().set_organization(id, billing).await?)
}

#[tauri::command]
pub async fn today(state: State<'_, AppState>) -> Result<String, CommandError> {
    Ok(state.core.billing().today().await?)
}

#[tauri::command]
pub async fn list_tickets(
    state: State<'_, AppState>,
    organization: OrganizationId,
) -> Result<Vec<Ticket>, CommandError> {
    Ok(state.core.tickets().list(organization).await?)
}

#[tauri::command]
pub async fn create_ticket(
    state: State<'_, AppState>,
    input: TicketInput,
) -> Result<TicketWithNews, CommandError> {
    Ok(state.core.tickets().create(input).await?)
}

#[tauri::command]
pub async fn set_ticket_status(
    state: State<'_, AppState>,
    id: TicketId,
    status: TicketStatus,
) -> Result<TicketWithNews, CommandError> {
    Ok(state.core.tickets().set_status(id, status).await?)
}

/// A person's own news (shown with the organization's on their tickets).
#[tauri::command]
pub async fn get_person_news(
    state: State<'_, AppState>,
    person: PersonId,
) -> Result<PersonNews, CommandError> {
    Ok(state.core.billing().person_news(person).await?)
}

#[tauri::command]
pub async fn set_person_news(
    state: State<'_, AppState>,
    person: PersonId,
    news: PersonNews,
) -> Result<PersonNews, CommandError> {
    Ok(state.core.billing().set_person_news(person, news).await?)
}

/// The Tickets view: a page of every organization's tickets matching `query`.
#[tauri::command]
pub async fn desk_tickets(
    state: State<'_, AppState>,
    query: TicketQuery,
    offset: i64,
    limit: i64,
) -> Result<Vec<Ticket>, CommandError> {
    Ok(state.core.tickets().desk(&query, offset, limit).await?)
}

#[tauri::command]
pub async fn desk_ticket_count(state: State<'_, AppState>, query: TicketQuery) -> Result<i64, CommandError> {
    Ok(state.core.tickets().desk_count(&query).await?)
}

#[tauri::command]
pub async fn update_ticket(
    state: State<'_, AppState>,
    id: TicketId,
    edit: TicketEdit,
) -> Result<Ticket, CommandError> {
    Ok(state.core.tickets().update(id, edit).await?)
}

/// Records the ticket's first response to the customer (the SLA's first-response clock stops).
#[tauri::command]
pub async fn record_ticket_response(
    state: State<'_, AppState>,
    id: TicketId,
) -> Result<Ticket, CommandError> {
    Ok(state.core.tickets().record_response(id).await?)
}

/// A ticket's thread: notes, replies and its history, oldest first.
#[tauri::command]
pub async fn ticket_thread(
    state: State<'_, AppState>,
    ticket: TicketId,
) -> Result<Vec<TicketUpdate>, CommandError> {
    Ok(state.core.thread().list(ticket).await?)
}

/// Posts a note or a reply to a ticket's thread, with the time spent.
#[tauri::command]
pub async fn post_ticket_update(
    state: State<'_, AppState>,
    ticket: TicketId,
    input: UpdateInput,
) -> Result<TicketUpdate, CommandError> {
    let by = state.core.actor().await?;
    Ok(state.core.thread().post(ticket, input, &by).await?)
}

#[tauri::command]
pub async fn list_time_entries(
    state: State<'_, AppState>,
    ticket: TicketId,
) -> Result<Vec<TimeEntry>, CommandError> {
    Ok(state.core.tickets().time_entries(ticket).await?)
}

#[tauri::command]
pub async fn add_time_entry(
    state: State<'_, AppState>,
    ticket: TicketId,
    input: TimeEntryInput,
) -> Result<TimeEntry, CommandError> {
    Ok(state.core.tickets().add_time(ticket, input).await?)
}

#[tauri::command]
pub async fn delete_time_entry(state: State<'_, AppState>, id: TimeEntryId) -> Result<(), CommandError> {
    Ok(state.core.tickets().delete_time(id).await?)
}

#[tauri::command]
pub async fn unbilled_time(
    state: State<'_, AppState>,
    organization: OrganizationId,
) -> Result<Unbilled, CommandError> {
    Ok(state.core.tickets().unbilled(organization).await?)
}

#[tauri::command]
pub async fn list_invoices(
    state: State<'_, AppState>,
    organization: OrganizationId,
) -> Result<Vec<Invoice>, CommandError> {
    Ok(state.core.invoices().list(organization).await?)
}

#[tauri::command]
pub async fn get_invoice(state: State<'_, AppState>, id: InvoiceId) -> Result<Invoice, CommandError> {
    Ok(state.core.invoices().get(id).await?)
}

#[tauri::command]
pub async fn create_invoices(
    state: State<'_, AppState>,
    run: InvoiceRun,
) -> Result<Vec<Invoice>, CommandError> {
    Ok(state.core.invoices().create_for_period(run, &state.core.actor().await?).await?)
}

#[tauri::command]
pub async fn create_manual_invoice(
    state: State<'_, AppState>,
    input: ManualInvoice,
) -> Result<Invoice, CommandError> {
    Ok(state.core.invoices().create_manual(input, &state.core.actor().await?).await?)
}

#[tauri::command]
pub async fn void_invoice(
    state: State<'_, AppState>,
    id: InvoiceId,
    reason: String,
    date: String,
) -> Result<Invoice, CommandError> {
    Ok(state.core.invoices().void(id, &reason, &date, &state.core.actor().await?).await?)
}

#[tauri::command]
pub async fn list_payments(
    state: State<'_, AppState>,
    organization: OrganizationId,
) -> Result<Vec<Payment>, CommandError> {
    Ok(state.core.payments().list(organization).await?)
}

#[tauri::command]
pub async fn add_payment(state: State<'_, AppState>, input: PaymentInput) -> Result<Payment, CommandError> {
    Ok(state.core.payments().add(input, &state.core.actor().await?).await?)
}

/// The statement's data, for showing it in the app.
#[tauri::command]
pub async fn get_statement(
    state: State<'_, AppState>,
    request: StatementRequest,
) -> Result<Statement, CommandError> {
    Ok(state.core.statements().statement(&request).await?)
}

/// Renders the statement and saves it where the user says; the file name, or `None` if cancelled.
#[tauri::command]
pub async fn save_statement_pdf(
    state: State<'_, AppState>,
    request: StatementRequest,
) -> Result<Option<String>, CommandError> {
    let statement = state.core.statements().statement(&request).await?;
    let name = fieldbook_core::statements::pdf_file_name(&statement);
    let pdf = state.core.statements().render(statement).await?;
    let Some(path) = dialogs::save_file(&msg("Save the statement", &[]), &name).await else {
        return Ok(None);
    };
    write(&path, &pdf)?;
    Ok(path.file_name().map(|n| n.to_string_lossy().into_owned()))
}

/// Renders the statement to a temp file and opens it with the OS's PDF viewer.
#[tauri::command]
pub async fn open_statement_pdf(
    state: State<'_, AppState>,
    request: StatementRequest,
) -> Result<(), CommandError> {
    let statement = state.core.statements().statement(&request).await?;
    let name = fieldbook_core::statements::pdf_file_name(&statement);
    let pdf = state.core.statements().render(statement).await?;
    open(&private_copy(&state, &name, &pdf)?)
}

/// Writes the statement as an e-mail draft (.eml, PDF attached, X-Unsent) and opens it with the
/// OS, so the mail client shows it ready to send.
#[tauri::command]
pub async fn email_statement(
    state: State<'_, AppState>,
    request: StatementRequest,
) -> Result<(), CommandError> {
    let (name, eml) = state.core.statements().email_draft(&request).await?;
    open(&private_copy(&state, &name, &eml)?)
}

/// Renders the invoice and saves it where the user says; the file name, or `None` if cancelled.
#[tauri::command]
pub async fn save_invoice_pdf(
    state: State<'_, AppState>,
    id: InvoiceId,
) -> Result<Option<String>, CommandError> {
    let document = state.core.statements().invoice_document(id).await?;
    let name = fieldbook_core::statements::invoice::file_name(&document);
    let pdf = state.core.statements().render_invoice(document).await?;
    let Some(path) = dialogs::save_file(&msg("Save the invoice", &[]), &name).await else { return Ok(None) };
    write(&path, &pdf)?;
    Ok(path.file_name().map(|n| n.to_string_lossy().into_owned()))
}

/// Renders the invoice to a temp file and opens it with the OS's PDF viewer.
#[tauri::command]
pub async fn open_invoice_pdf(state: State<'_, AppState>, id: InvoiceId) -> Result<(), CommandError> {
    let document = state.core.statements().invoice_document(id).await?;
    let name = fieldbook_core::statements::invoice::file_name(&document);
    let pdf = state.core.statements().render_invoice(document).await?;
    open(&private_copy(&state, &name, &pdf)?)
}

/// Writes the invoice as an e-mail draft (.eml, PDF attached) and opens it with the OS.
#[tauri::command]
pub async fn email_invoice(state: State<'_, AppState>, id: InvoiceId) -> Result<(), CommandError> {
    let (name, eml) = state.core.statements().invoice_email_draft(id).await?;
    open(&private_copy(&state, &name, &eml)?)
}

/// Progress of a batch of statements.
#[derive(Clone, Debug, Serialize, TS)]
pub struct BatchProgress {
    pub done: u32,
    pub total: u32,
    /// The organization just written.
    pub current: String,
}

/// Statements for every organization with a non-zero balance, into a folder the user chooses;
/// the number written (`None` if the folder dialog was cancelled). Cancel stops after the current
/// statement; those written stay.
#[tauri::command]
pub async fn batch_statements(
    state: State<'_, AppState>,
    as_of: String,
    kind: StatementKind,
    progress: Channel<BatchProgress>,
) -> Result<Option<u32>, CommandError> {
    let due = state.core.statements().with_balance(&as_of).await?;
    let Some(dir) = dialogs::pick_folder(&msg("Save the statements in", &[])).await else { return Ok(None) };
    state.cancel_batch.store(false, Ordering::Relaxed);
    let total = due.len() as u32;
    let mut done = 0;
    for item in due {
        if state.cancel_batch.load(Ordering::Relaxed) {
            break;
        }
        let request = StatementRequest {
            organization_id: item.organization_id,
            kind,
            as_of: as_of.clone(),
            from: None,
        };
        let pdf = state.core.statements().pdf(&request).await?;
        write(&dir.join(&item.file_name), &pdf)?;
        done += 1;
        let _ = progress.send(BatchProgress { done, total, current: item.name });
    }
    Ok(Some(done))
}

#[tauri::command]
pub fn cancel_batch_statements(state: State<'_, AppState>) {
    state.cancel_batch.store(true, Ordering::Relaxed);
}

/// Writes a file for another program to open into the private temp folder.
fn private_copy(state: &AppState, name: &str, bytes: &[u8]) -> Result<std::path::PathBuf, CommandError> {
    state
        .temp
        .write(name, bytes)
        .map_err(|e| CommandError::internal(msg("The statement could not be written.", &[]), e))
}

/// Writes through a temp file and a rename (the core's helper), as a command error.
fn write(path: &std::path::Path, bytes: &[u8]) -> Result<(), CommandError> {
    fieldbook_core::files::write_atomically(path, bytes)
        .map_err(|e| CommandError::internal(msg("The statement could not be written there.", &[]), e))
}

fn open(path: &std::path::Path) -> Result<(), CommandError> {
    tauri_plugin_opener::open_path(path, None::<&str>)
        .map_err(|e| CommandError::internal(msg("No application on this computer could open it.", &[]), e))
}
