//! `fieldbook-cli ticket|time|invoice|payment|statement|statements`: tickets and billed time,
//! invoices, payments and PDF account statements.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};
use fieldbook_core::billing::{money, parse_money};
use fieldbook_core::invoices::{InvoiceRun, ManualInvoice, ManualLine};
use fieldbook_core::payments::{PaymentInput, PaymentKind};
use fieldbook_core::service::slas::Priority;
use fieldbook_core::service::tickets::{Ticket, TicketInput, TicketStatus, TimeEntryInput};
use fieldbook_core::statements::{StatementKind, StatementRequest};
use fieldbook_core::{Core, Error};

use crate::output::{self, Output};
use crate::resolve;

#[derive(Subcommand)]
pub enum TicketCommand {
    /// Log a ticket for an organization; prints the organization's news if it has any.
    Add {
        /// The organization's id or account number.
        #[arg(long)]
        org: String,
        #[arg(long)]
        subject: String,
        #[arg(long)]
        description: Option<String>,
        /// The requester: one of the organization's people (id).
        #[arg(long)]
        requester: Option<String>,
        /// Its priority; under an SLA, its due times follow from it.
        #[arg(long, value_enum, default_value = "normal")]
        priority: PriorityArg,
    },
    /// List an organization's tickets.
    List {
        #[arg(long)]
        org: String,
    },
    /// Close a ticket (by number); prints the organization's closure news if it has any.
    Close { number: i64 },
    /// Set a ticket's status.
    Status {
        number: i64,
        #[arg(value_enum)]
        status: StatusArg,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum PriorityArg {
    Low,
    Normal,
    High,
    Urgent,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum StatusArg {
    Open,
    Waiting,
    Closed,
}

#[derive(Subcommand)]
pub enum TimeCommand {
    /// Log time on a ticket (by number).
    Add {
        ticket: i64,
        #[arg(long)]
        minutes: i64,
        /// The day worked (default today).
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        description: Option<String>,
        /// Not billable (billable by default).
        #[arg(long)]
        non_billable: bool,
        /// Per hour, e.g. 95.00 (default: the organization's rate, else the settings').
        #[arg(long)]
        rate: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum InvoiceCommand {
    /// Compile the unbilled billable time of a period into one invoice per bill-to organization.
    Create {
        /// FROM..TO, e.g. 2026-10-01..2026-10-31 (inclusive).
        #[arg(long)]
        period: String,
        /// The invoices' date (default today).
        #[arg(long)]
        issue_date: Option<String>,
        /// Only this bill-to organization.
        #[arg(long)]
        org: Option<String>,
    },
    /// Issue an invoice of typed lines (tax from the settings is added).
    Manual {
        #[arg(long)]
        org: String,
        /// "Description=amount", e.g. "Router replacement=249.00" (repeatable).
        #[arg(long = "line", required = true)]
        lines: Vec<String>,
        /// Default today.
        #[arg(long)]
        issue_date: Option<String>,
    },
    /// List an organization's invoices.
    List {
        #[arg(long)]
        org: String,
    },
    /// Write an invoice (by number) as the PDF the customer reads.
    Pdf {
        number: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Void an invoice (by number) with a reason; its time can be billed again.
    Void {
        number: String,
        #[arg(long)]
        reason: String,
        /// Default today.
        #[arg(long)]
        date: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum PaymentCommand {
    /// Record a payment (or with --credit a credit note), allocated to the oldest open invoices.
    Add {
        #[arg(long)]
        org: String,
        /// e.g. 1234.56
        #[arg(long)]
        amount: String,
        /// Default today.
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        method: Option<String>,
        #[arg(long)]
        reference: Option<String>,
        #[arg(long)]
        credit: bool,
    },
    /// List an organization's payments and credits.
    List {
        #[arg(long)]
        org: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum KindArg {
    Activity,
    OpenItems,
}

impl From<KindArg> for StatementKind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Activity => StatementKind::Activity,
            KindArg::OpenItems => StatementKind::OpenItems,
        }
    }
}

fn print_ticket(t: &Ticket) {
    println!(
        "#{:<5} {:<8} {:<40} {}  {} min ({} unbilled){}",
        t.number,
        format!("{:?}", t.status).to_lowercase(),
        t.subject,
        t.organization_name,
        t.minutes,
        t.unbilled_minutes,
        t.requester_name.as_deref().map(|r| format!("  requested by {r}")).unwrap_or_default()
    );
    if let Some(sla) = &t.sla_name {
        let due = |d: &Option<String>| d.as_deref().unwrap_or("-").to_owned();
        println!(
            "       {} priority under {sla}: response due {}, resolution due {}{}",
            t.priority.as_str(),
            due(&t.response_due_at),
            due(&t.resolution_due_at),
            t.sla_result.as_deref().map(|r| format!(" — SLA {r}")).unwrap_or_default()
        );
    }
}

async fn date_or_today(core: &Core, date: Option<String>) -> Result<String, Error> {
    match date {
        Some(d) => Ok(d),
        None => core.billing().today().await,
    }
}

fn amount(field: &'static str, text: &str) -> Result<i64, Error> {
    parse_money(text)
        .ok_or_else(|| Error::invalid(field, format!("“{text}” is not an amount (like 1234.56).")))
}

pub async fn ticket(core: &Core, command: TicketCommand, out: &Output) -> Result<(), Error> {
    let shown = match command {
        TicketCommand::Add { org, subject, description, requester, priority } => {
            let organization_id = Some(resolve(core, &org).await?.id);
            let requester_id = match requester {
                Some(r) => Some(r.parse().map_err(|_| Error::invalid("requester", "Give the person's id."))?),
                None => None,
            };
            let priority = match priority {
                PriorityArg::Low => Priority::Low,
                PriorityArg::Normal => Priority::Normal,
                PriorityArg::High => Priority::High,
                PriorityArg::Urgent => Priority::Urgent,
            };
            core.tickets()
                .create(TicketInput {
                    organization_id,
                    requester_id,
                    subject,
                    description,
                    priority,
                    ..Default::default()
                })
                .await?
        }
        TicketCommand::List { org } => {
            let tickets = core.tickets().list(resolve(core, &org).await?.id).await?;
            if out.json {
                output::print_json(&tickets);
            } else {
                tickets.iter().for_each(print_ticket);
            }
            return Ok(());
        }
        TicketCommand::Close { number } => {
            let id = core.tickets().by_number(number).await?.id;
            core.tickets().set_status(id, TicketStatus::Closed).await?
        }
        TicketCommand::Status { number, status } => {
            let id = core.tickets().by_number(number).await?.id;
            let status = match status {
                StatusArg::Open => TicketStatus::Open,
                StatusArg::Waiting => TicketStatus::Waiting,
                StatusArg::Closed => TicketStatus::Closed,
            };
            core.tickets().set_status(id, status).await?
        }
    };
    if out.json {
        output::print_json(&shown);
    } else {
        print_ticket(&shown.ticket);
        for alert in &shown.alerts {
            println!("WARNING: {alert}");
        }
        if let Some(news) = &shown.news {
            println!("NEWS for {}: {news}", shown.ticket.organization_name);
        }
    }
    Ok(())
}

pub async fn time(core: &Core, command: TimeCommand, out: &Output) -> Result<(), Error> {
    let TimeCommand::Add { ticket, minutes, date, description, non_billable, rate } = command;
    let ticket = core.tickets().by_number(ticket).await?;
    let rate = match rate {
        Some(r) => Some(amount("rate", &r)?),
        None => None,
    };
    let input = TimeEntryInput {
        work_date: date_or_today(core, date).await?,
        minutes,
        description,
        billable: !non_billable,
        rate,
    };
    let entry = core.tickets().add_time(ticket.id, input).await?;
    if out.json {
        output::print_json(&entry);
    } else {
        println!(
            "#{}: {} min on {} at {}/h = {}{}",
            ticket.number,
            entry.minutes,
            entry.work_date,
            money(entry.rate),
            money(entry.amount),
            if entry.billable { "" } else { " (not billable)" }
        );
    }
    Ok(())
}

pub async fn invoice(core: &Core, command: InvoiceCommand, out: &Output) -> Result<(), Error> {
    let invoices = match command {
        InvoiceCommand::Create { period, issue_date, org } => {
            let (from, to) = period.split_once("..").ok_or_else(|| {
                Error::invalid("period", "Write the period as FROM..TO, e.g. 2026-10-01..2026-10-31.")
            })?;
            let organization_id = match org {
                Some(o) => Some(resolve(core, &o).await?.id),
                None => None,
            };
            let run = InvoiceRun {
                period_from: from.into(),
                period_to: to.into(),
                issue_date: date_or_today(core, issue_date).await?,
                organization_id,
                from_earliest: false,
            };
            core.invoices().create_for_period(run, &crate::staff::actor(core).await?).await?
        }
        InvoiceCommand::Manual { org, lines, issue_date } => {
            let mut parsed = Vec::with_capacity(lines.len());
            for line in &lines {
                let (description, price) = line.rsplit_once('=').ok_or_else(|| {
                    Error::invalid("line", format!("Write “{line}” as Description=amount."))
                })?;
                parsed
                    .push(ManualLine { description: description.to_owned(), amount: amount("line", price)? });
            }
            let input = ManualInvoice {
                organization_id: Some(resolve(core, &org).await?.id),
                issue_date: date_or_today(core, issue_date).await?,
                lines: parsed,
            };
            vec![core.invoices().create_manual(input, &crate::staff::actor(core).await?).await?]
        }
        InvoiceCommand::List { org } => core.invoices().list(resolve(core, &org).await?.id).await?,
        InvoiceCommand::Pdf { number, out: file } => {
            let invoice = core.invoices().by_number(&number).await?;
            let pdf = core.statements().invoice_pdf(invoice.id).await?;
            fieldbook_core::files::write_atomically(&file, &pdf)?;
            if !out.json {
                println!("wrote {}", file.display());
            }
            vec![invoice]
        }
        InvoiceCommand::Void { number, reason, date } => {
            let id = core.invoices().by_number(&number).await?.id;
            {
                let by = crate::staff::actor(core).await?;
                vec![core.invoices().void(id, &reason, &date_or_today(core, date).await?, &by).await?]
            }
        }
    };
    if out.json {
        output::print_json(&invoices);
    } else if invoices.is_empty() {
        println!("no invoices");
    } else {
        for i in &invoices {
            println!(
                "{}  {}  due {}  {:<32} total {} {}  paid {}{}",
                i.number,
                i.issue_date,
                i.due_date,
                i.organization_name,
                money(i.total),
                i.currency,
                money(i.paid),
                i.void_reason.as_deref().map(|r| format!("  VOID: {r}")).unwrap_or_default()
            );
        }
    }
    Ok(())
}

pub async fn payment(core: &Core, command: PaymentCommand, out: &Output) -> Result<(), Error> {
    match command {
        PaymentCommand::Add { org, amount: text, date, method, reference, credit } => {
            let input = PaymentInput {
                organization_id: resolve(core, &org).await?.id,
                kind: if credit { PaymentKind::Credit } else { PaymentKind::Payment },
                date: date_or_today(core, date).await?,
                amount: amount("amount", &text)?,
                method,
                reference,
                allocations: None,
            };
            let p = core.payments().add(input, &crate::staff::actor(core).await?).await?;
            if out.json {
                output::print_json(&p);
            } else {
                println!(
                    "recorded {} on {}; {} allocated to invoices",
                    money(p.amount),
                    p.date,
                    money(p.allocated)
                );
            }
        }
        PaymentCommand::List { org } => {
            let list = core.payments().list(resolve(core, &org).await?.id).await?;
            if out.json {
                output::print_json(&list);
            } else {
                for p in &list {
                    println!(
                        "{}  {:<8} {:>12}  allocated {:>12}  {}",
                        p.date,
                        format!("{:?}", p.kind).to_lowercase(),
                        money(p.amount),
                        money(p.allocated),
                        p.reference.as_deref().unwrap_or("")
                    );
                }
            }
        }
    }
    Ok(())
}

/// `statement ORG --as-of … --out FILE.pdf`.
pub async fn statement(
    core: &Core,
    org: String,
    as_of: Option<String>,
    from: Option<String>,
    kind: KindArg,
    out_file: PathBuf,
    out: &Output,
) -> Result<(), Error> {
    let request = StatementRequest {
        organization_id: resolve(core, &org).await?.id,
        kind: kind.into(),
        as_of: date_or_today(core, as_of).await?,
        from,
    };
    let started = std::time::Instant::now();
    let statement = core.statements().statement(&request).await?;
    let pdf = core.statements().render(statement.clone()).await?;
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    fieldbook_core::files::write_atomically(&out_file, &pdf)?;
    if out.json {
        output::print_json(&serde_json::json!({
            "file": out_file,
            "balance": statement.balance,
            "aging": statement.aging,
            "statement": statement,
            "milliseconds": millis,
        }));
    } else {
        println!(
            "wrote {} (balance {} {})",
            out_file.display(),
            money(statement.balance),
            statement.currency
        );
    }
    Ok(())
}

/// `statements --as-of … --out-dir DIR`: one PDF per organization with a non-zero balance.
pub async fn statements(
    core: &Core,
    as_of: Option<String>,
    kind: KindArg,
    dir: PathBuf,
    out: &Output,
) -> Result<(), Error> {
    let as_of = date_or_today(core, as_of).await?;
    let started = std::time::Instant::now();
    std::fs::create_dir_all(&dir)?;
    let due = core.statements().with_balance(&as_of).await?;
    let mut written = Vec::with_capacity(due.len());
    for item in &due {
        let request = StatementRequest {
            organization_id: item.organization_id,
            kind: kind.into(),
            as_of: as_of.clone(),
            from: None,
        };
        let pdf = core.statements().pdf(&request).await?;
        let file = dir.join(&item.file_name);
        fieldbook_core::files::write_atomically(&file, &pdf)?;
        written.push(file);
    }
    if out.json {
        output::print_json(
            &serde_json::json!({ "files": written, "seconds": started.elapsed().as_secs_f64() }),
        );
    } else {
        println!("wrote {} statements to {}", written.len(), dir.display());
    }
    Ok(())
}
