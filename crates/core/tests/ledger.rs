//! Property tests of the statement ledger (pure functions, no database): balances add up, the
//! aging buckets sum to the balance, and a back-dated statement ignores later documents.

use fieldbook_core::dates::add_days;
use fieldbook_core::payments::PaymentKind;
use fieldbook_core::statements::{LedgerInvoice, LedgerPayment, activity, aging, balance, open_items};
use fieldbook_core::{InvoiceId, PaymentId};
use proptest::prelude::*;

const START: &str = "2026-01-01";

fn day(n: i64) -> String {
    add_days(START, n).unwrap()
}

#[derive(Debug, Clone)]
struct Books {
    invoices: Vec<LedgerInvoice>,
    payments: Vec<LedgerPayment>,
}

fn books() -> impl Strategy<Value = Books> {
    let invoice = (0i64..300, 0i64..60, 1i64..1_000_000, proptest::option::weighted(0.15, 0i64..120));
    let payment = (
        0i64..330,
        1i64..500_000,
        any::<bool>(),
        proptest::collection::vec((0usize..20, 1i64..200_000), 0..3),
    );
    (proptest::collection::vec(invoice, 0..20), proptest::collection::vec(payment, 0..20)).prop_map(
        |(invs, pays)| {
            let invoices: Vec<LedgerInvoice> = invs
                .iter()
                .enumerate()
                .map(|(i, (issue, terms, total, void))| LedgerInvoice {
                    id: InvoiceId::new(),
                    number: format!("INV-{i:05}"),
                    issue_date: day(*issue),
                    due_date: day(issue + terms),
                    total: *total,
                    void_date: void.map(|v| day(issue + v)),
                })
                .collect();
            let payments = pays
                .iter()
                .map(|(date, amount, credit, allocs)| LedgerPayment {
                    id: PaymentId::new(),
                    kind: if *credit { PaymentKind::Credit } else { PaymentKind::Payment },
                    date: day(*date),
                    amount: *amount,
                    reference: None,
                    allocations: allocs
                        .iter()
                        .filter_map(|(i, a)| invoices.get(*i).map(|inv| (inv.id, (*a).min(*amount))))
                        .collect(),
                })
                .collect();
            Books { invoices, payments }
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn closing_is_opening_plus_invoices_minus_payments_and_credits(b in books(), from in 0i64..300, len in 0i64..120) {
        let (from, as_of) = (day(from), day(from + len));
        let (opening, lines, closing) = activity(&b.invoices, &b.payments, &from, &as_of);
        let invoiced: i64 = lines.iter().filter(|l| l.document.starts_with("Invoice")).map(|l| l.amount).sum();
        let voided: i64 = lines.iter().filter(|l| l.document.starts_with("Void")).map(|l| -l.amount).sum();
        let received: i64 = lines.iter().filter(|l| !l.document.contains("nvoice")).map(|l| -l.amount).sum();
        prop_assert_eq!(closing, opening + invoiced - voided - received);
        // The opening is the balance at the end of the day before the period.
        prop_assert_eq!(opening, balance(&b.invoices, &b.payments, &add_days(&from, -1).unwrap()));
        prop_assert_eq!(closing, balance(&b.invoices, &b.payments, &as_of));
        // The running balance ends where the statement does, and the lines are in date order.
        prop_assert_eq!(lines.last().map_or(opening, |l| l.balance), closing);
        prop_assert!(lines.windows(2).all(|w| w[0].date <= w[1].date));
    }

    #[test]
    fn aging_buckets_sum_to_the_balance(b in books(), as_of in 0i64..400) {
        let as_of = day(as_of);
        let (open, unapplied) = open_items(&b.invoices, &b.payments, &as_of);
        let a = aging(&open, unapplied);
        prop_assert_eq!(a.total(), balance(&b.invoices, &b.payments, &as_of));
        prop_assert!(open.iter().all(|l| l.days_overdue.unwrap_or(0) >= 0));
    }

    #[test]
    fn a_back_dated_statement_ignores_later_documents(b in books(), as_of in 0i64..330) {
        let as_of = day(as_of);
        let earlier = Books {
            invoices: b
                .invoices
                .iter()
                .filter(|i| i.issue_date <= as_of)
                .map(|i| LedgerInvoice { void_date: i.void_date.clone().filter(|v| *v <= as_of), ..i.clone() })
                .collect(),
            payments: b.payments.iter().filter(|p| p.date <= as_of).cloned().collect(),
        };
        prop_assert_eq!(balance(&b.invoices, &b.payments, &as_of), balance(&earlier.invoices, &earlier.payments, &as_of));
        prop_assert_eq!(open_items(&b.invoices, &b.payments, &as_of), open_items(&earlier.invoices, &earlier.payments, &as_of));
        let from = day(0);
        prop_assert_eq!(
            activity(&b.invoices, &b.payments, &from, &as_of),
            activity(&earlier.invoices, &earlier.payments, &from, &as_of)
        );
    }
}
