import { call, progressChannel } from "./ipc";
import type { TicketUpdate } from "../bindings/TicketUpdate";
import type { UpdateInput } from "../bindings/UpdateInput";
import type { BatchProgress } from "../bindings/BatchProgress";
import type { BillingSettings } from "../bindings/BillingSettings";
import type { Invoice } from "../bindings/Invoice";
import type { Logo } from "../bindings/Logo";
import type { InvoiceId } from "../bindings/InvoiceId";
import type { InvoiceRun } from "../bindings/InvoiceRun";
import type { ManualInvoice } from "../bindings/ManualInvoice";
import type { OrganizationBilling } from "../bindings/OrganizationBilling";
import type { OrganizationId } from "../bindings/OrganizationId";
import type { Payment } from "../bindings/Payment";
import type { PaymentInput } from "../bindings/PaymentInput";
import type { Statement } from "../bindings/Statement";
import type { StatementKind } from "../bindings/StatementKind";
import type { StatementRequest } from "../bindings/StatementRequest";
import type { PersonNews } from "../bindings/PersonNews";
import type { Ticket } from "../bindings/Ticket";
import type { TicketEdit } from "../bindings/TicketEdit";
import type { TicketQuery } from "../bindings/TicketQuery";
import type { TicketId } from "../bindings/TicketId";
import type { TicketStatus } from "../bindings/TicketStatus";
import type { TicketWithNews } from "../bindings/TicketWithNews";
import type { TimeEntry } from "../bindings/TimeEntry";
import type { TimeEntryId } from "../bindings/TimeEntryId";
import type { TimeEntryInput } from "../bindings/TimeEntryInput";
import type { TicketInput } from "../bindings/TicketInput";
import type { Unbilled } from "../bindings/Unbilled";

export const getBillingSettings = () => call<BillingSettings>("get_billing_settings");
export const updateBillingSettings = (settings: BillingSettings) =>
  call<BillingSettings>("update_billing_settings", { settings });
export const getCompanyLogo = () => call<Logo | null>("get_company_logo");
/** Shows the native open dialog for a PNG or JPEG; false when the user cancels. */
export const chooseCompanyLogo = () => call<boolean>("choose_company_logo");
export const clearCompanyLogo = () => call<void>("clear_company_logo");
export const getOrganizationBilling = (id: OrganizationId) =>
  call<OrganizationBilling>("get_organization_billing", { id });
export const setOrganizationBilling = (id: OrganizationId, billing: OrganizationBilling) =>
  call<OrganizationBilling>("set_organization_billing", { id, billing });
/** The local date ("YYYY-MM-DD") as the backend dates documents. */
export const today = () => call<string>("today");

export const listTickets = (organization: OrganizationId) => call<Ticket[]>("list_tickets", { organization });
/** Logs a ticket; `news` is the organization's news to show, if it has any. */
export const createTicket = (input: TicketInput) => call<TicketWithNews>("create_ticket", { input });
/** Closing returns the organization's closure news, if any. */
/** A person's own news, shown with the organization's when their ticket is logged or closed. */
export const getPersonNews = (person: string) => call<PersonNews>("get_person_news", { person });
export const setPersonNews = (person: string, news: PersonNews) => call<PersonNews>("set_person_news", { person, news });
/** The Tickets view: a page of every organization's tickets matching `query`, and how many. */
export const deskTickets = (query: TicketQuery, offset: number, limit: number) =>
  call<Ticket[]>("desk_tickets", { query, offset, limit });
export const deskTicketCount = (query: TicketQuery) => call<number>("desk_ticket_count", { query });
export const updateTicket = (id: TicketId, edit: TicketEdit) => call<Ticket>("update_ticket", { id, edit });
/** Records the first response to the customer (the SLA's first-response clock stops). */
export const recordTicketResponse = (id: TicketId) => call<Ticket>("record_ticket_response", { id });
export const setTicketStatus = (id: TicketId, status: TicketStatus) =>
  call<TicketWithNews>("set_ticket_status", { id, status });
/** A ticket's thread: notes, replies and history, oldest first. */
export const ticketThread = (ticket: TicketId) => call<TicketUpdate[]>("ticket_thread", { ticket });
/** Posts a note or a reply, with the time spent (logged on the ticket). */
export const postTicketUpdate = (ticket: TicketId, input: UpdateInput) =>
  call<TicketUpdate>("post_ticket_update", { ticket, input });
export const listTimeEntries = (ticket: TicketId) => call<TimeEntry[]>("list_time_entries", { ticket });
export const addTimeEntry = (ticket: TicketId, input: TimeEntryInput) =>
  call<TimeEntry>("add_time_entry", { ticket, input });
/** Refused for time already on an invoice. */
export const deleteTimeEntry = (id: TimeEntryId) => call<void>("delete_time_entry", { id });
export const unbilledTime = (organization: OrganizationId) => call<Unbilled>("unbilled_time", { organization });

/** The organization's invoices, without their lines. */
export const listInvoices = (organization: OrganizationId) => call<Invoice[]>("list_invoices", { organization });
/** One invoice with its lines. */
export const getInvoice = (id: InvoiceId) => call<Invoice>("get_invoice", { id });
/** Invoices the unbilled time of the period; one per bill-to organization, none if nothing to bill. */
export const createInvoices = (run: InvoiceRun) => call<Invoice[]>("create_invoices", { run });
export const createManualInvoice = (input: ManualInvoice) => call<Invoice>("create_manual_invoice", { input });
export const voidInvoice = (id: InvoiceId, reason: string, date: string) =>
  call<Invoice>("void_invoice", { id, reason, date });

export const listPayments = (organization: OrganizationId) => call<Payment[]>("list_payments", { organization });
/** `allocations: null` pays the oldest open invoices first. */
export const addPayment = (input: PaymentInput) => call<Payment>("add_payment", { input });

export const getStatement = (request: StatementRequest) => call<Statement>("get_statement", { request });
/** Shows the native save dialog; the file's name, or null when the user cancels. */
export const saveStatementPdf = (request: StatementRequest) =>
  call<string | null>("save_statement_pdf", { request });
/** Opens the statement with the computer's PDF viewer. */
export const openStatementPdf = (request: StatementRequest) => call<void>("open_statement_pdf", { request });
/** Opens an e-mail draft with the statement attached in the mail client. */
export const emailStatement = (request: StatementRequest) => call<void>("email_statement", { request });
/** Saves the invoice as PDF through the native dialog; the file name, or null if cancelled. */
export const saveInvoicePdf = (id: InvoiceId) => call<string | null>("save_invoice_pdf", { id });
/** Opens the invoice as PDF with the OS's viewer. */
export const openInvoicePdf = (id: InvoiceId) => call<void>("open_invoice_pdf", { id });
/** Opens an e-mail draft of the invoice (PDF attached) in the mail client. */
export const emailInvoice = (id: InvoiceId) => call<void>("email_invoice", { id });
/**
 * Shows the native folder dialog, then writes a statement for every organization with a balance;
 * the number written, or null when the dialog is cancelled. `onprogress` hears each one.
 */
export const batchStatements = (asOf: string, kind: StatementKind, onprogress: (p: BatchProgress) => void) =>
  call<number | null>("batch_statements", { asOf, kind, progress: progressChannel(onprogress) });
/** Stops the batch after the statement being written; those written stay. */
export const cancelBatchStatements = () => call<void>("cancel_batch_statements");
