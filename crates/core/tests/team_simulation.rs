//! The team sync simulation: several machines (separate SQLite files) on one real PostgreSQL
//! server make seeded random creates, edits, archives and deletes, go offline for random spans
//! and are cut off at random points (before a push, after the server committed but before its
//! answer, in the middle of a pull). After everyone syncs: every replica's synced tables are
//! identical, every edit was applied once or is a recorded conflict (or was replaced by the same
//! machine's next edit before it left), and search finds the same things everywhere.
//!
//! Bounded by default (a few seconds); `FIELDBOOK_SIM_STEPS`, `FIELDBOOK_SIM_CLIENTS` (3–5) and
//! `FIELDBOOK_SIM_SEED` make it longer or replay a run.

mod common;

use common::TestCore;
use common::team::{TeamServer, assert_same, input_of};
use fieldbook_core::choices::ChoiceList;
use fieldbook_core::notes::{NoteInput, NoteSubject};
use fieldbook_core::search::SearchQuery;
use fieldbook_core::service::tickets::TicketInput;
use fieldbook_core::sync::server;
use fieldbook_core::sync::team::Fault;

/// xorshift64*: small, seeded, reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// The "field" of an [`Edit`] that deleted the row.
const DELETED: &str = "-";

/// An edit someone made: a unique value written into a field (or a delete).
#[derive(Debug)]
struct Edit {
    client: usize,
    table: &'static str,
    id: uuid::Uuid,
    field: &'static str,
    value: String,
    /// The machine's successful syncs before the edit: a later edit of the same field in the
    /// same span replaced it before it left the machine.
    round: u32,
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn key_of(id: uuid::Uuid) -> String {
    format!("[\"{}\"]", id.simple())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_edits_on_several_offline_machines_converge_without_losing_any() {
    let Some(team) = TeamServer::start().await else { return };
    let steps = env_number("FIELDBOOK_SIM_STEPS", 160);
    let count = env_number("FIELDBOOK_SIM_CLIENTS", 3).clamp(3, 5) as usize;
    let seed = env_number("FIELDBOOK_SIM_SEED", 0x5eed_f1e1d);
    eprintln!("simulation: {steps} steps, {count} machines, seed {seed} (FIELDBOOK_SIM_SEED replays it)");
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);

    let first = TestCore::with_me().await;
    first.org_in("Acme Dental", "Leeds").await;
    first.team().publish(&team.url, "pw").await.unwrap();
    let mut clients = vec![first];
    for _ in 1..count {
        let c = TestCore::with_me().await;
        c.team().join(&team.url, "pw", false).await.unwrap();
        clients.push(c);
    }
    let pool = team.admin().await;
    let mut offline = vec![false; count];
    let mut rounds = vec![0_u32; count];
    let mut edits: Vec<Edit> = Vec::new();
    let mut token = 0_u64;
    let mut next_token = |rng: &mut Rng| {
        token += 1;
        format!("t{token}x{}", rng.below(1000))
    };

    for step in 0..steps {
        let c = rng.below(count);
        let core = &clients[c];
        let me = core.me().await;
        let orgs = core.organizations().list(Default::default()).await.unwrap();
        let pick = |rng: &mut Rng| orgs.get(rng.below(orgs.len().max(1))).cloned();
        match rng.below(100) {
            0..=9 => {
                let mut input = common::org_input(&format!("Org {}", next_token(&mut rng)));
                if rng.chance(30) {
                    input.account_number = Some(format!("A{}", rng.below(6)));
                }
                let _ = core.organizations().create(input, vec![]).await;
            }
            10..=34 => {
                let Some(org) = pick(&mut rng) else { continue };
                let mut input = input_of(&org);
                let value = next_token(&mut rng);
                let field = match rng.below(4) {
                    0 => {
                        input.name = format!("Org {value}");
                        "name"
                    }
                    1 => {
                        input.address.city = Some(value.clone());
                        "city"
                    }
                    2 => {
                        input.phone = Some(value.clone());
                        "phone"
                    }
                    _ => {
                        input.account_number = Some(format!("A{}", rng.below(6)));
                        "account_number"
                    }
                };
                let value = if field == "name" { format!("Org {value}") } else { value };
                if core.organizations().update(org.id, input).await.is_ok() && field != "account_number" {
                    let id = uuid::Uuid::parse_str(&org.id.to_string()).unwrap();
                    edits.push(Edit {
                        client: c,
                        table: "organizations",
                        id,
                        field,
                        value,
                        round: rounds[c],
                    });
                }
            }
            35..=39 => {
                let Some(org) = pick(&mut rng) else { continue };
                let _ = core.organizations().archive(org.id).await;
            }
            40..=49 => {
                let Some(org) = pick(&mut rng) else { continue };
                let value = next_token(&mut rng);
                core.notes()
                    .create(
                        NoteSubject::Organization(org.id),
                        NoteInput { body: value, ..Default::default() },
                        &me,
                    )
                    .await
                    .unwrap();
            }
            50..=59 => {
                let Some(org) = pick(&mut rng) else { continue };
                let notes = core.notes().list(NoteSubject::Organization(org.id)).await.unwrap();
                let Some(note) = notes.get(rng.below(notes.len().max(1))) else { continue };
                if rng.chance(25) {
                    if core.notes().delete(note.id).await.is_ok() {
                        let id = uuid::Uuid::parse_str(&note.id.to_string()).unwrap();
                        edits.push(Edit {
                            client: c,
                            table: "notes",
                            id,
                            field: DELETED,
                            value: String::new(),
                            round: rounds[c],
                        });
                    }
                } else {
                    let value = next_token(&mut rng);
                    let input = NoteInput { body: value.clone(), ..Default::default() };
                    if core.notes().update(note.id, input).await.is_ok() {
                        let id = uuid::Uuid::parse_str(&note.id.to_string()).unwrap();
                        edits.push(Edit {
                            client: c,
                            table: "notes",
                            id,
                            field: "body",
                            value,
                            round: rounds[c],
                        });
                    }
                }
            }
            60..=64 => {
                let Some(org) = pick(&mut rng) else { continue };
                core.people().create(common::person_input("Sam", &next_token(&mut rng))).await.unwrap();
                let input = TicketInput {
                    organization_id: Some(org.id),
                    requester_id: None,
                    subject: next_token(&mut rng),
                    ..TicketInput::default()
                };
                core.tickets().create(input).await.unwrap();
            }
            65..=69 => {
                let Some(org) = pick(&mut rng) else { continue };
                let roles = core.choices().list(ChoiceList::MemberRole).await.unwrap();
                let _ = core.members().add_member(org.id, me.id, roles[0].id, &me).await;
            }
            70..=74 => offline[c] = !offline[c],
            _ => {
                if offline[c] {
                    continue;
                }
                let fault = match rng.below(10) {
                    0 => Fault::BeforePush,
                    1 => Fault::ReplyLost,
                    2 => Fault::MidPull,
                    _ => Fault::None,
                };
                // Some downloads set the indexes aside and build them at the end (sync/bulk.rs).
                let bulk = rng.below(3) == 0;
                let conn = server::connect(&team.url, None).await.unwrap();
                match core.team().with_bulk(Some(bulk)).sync_with_fault(&conn, fault).await {
                    Ok(_) => rounds[c] += 1,
                    Err(e) if fault != Fault::None => {
                        assert!(e.to_string().contains("lost"), "step {step}: {e}")
                    }
                    Err(e) => panic!("step {step}: machine {c} could not sync: {e}"),
                }
                conn.close().await;
            }
        }
    }

    // Everyone comes back online and syncs until nothing moves.
    for _ in 0..3 {
        for core in &clients {
            core.team().sync().await.unwrap();
        }
    }
    for core in &clients[1..] {
        assert_same(&clients[0], core).await;
    }
    for core in &clients {
        let status = core.team().status().await.unwrap();
        assert_eq!(status.waiting, 0, "{status:?}");
    }

    // Every edit: applied exactly once, or a recorded conflict, or replaced on its machine.
    let conflicts = clients[0].team().conflicts(true).await.unwrap();
    let (mut applied_once, mut conflicted, mut replaced) = (0, 0, 0);
    for (i, e) in edits.iter().enumerate().filter(|(_, e)| e.field != DELETED) {
        let applied: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM fieldbook.changes WHERE tbl = $1 AND key = $2 AND fields->>$3 = $4",
        )
        .bind(e.table)
        .bind(key_of(e.id))
        .bind(e.field)
        .bind(&e.value)
        .fetch_one(&pool)
        .await
        .unwrap();
        assert!(applied <= 1, "{e:?} was applied {applied} times");
        let conflict = conflicts.iter().any(|c| {
            c.table == e.table && c.row_key == key_of(e.id) && c.mine.as_str() == Some(e.value.as_str())
                || (c.field == "*" && c.mine.to_string().contains(&e.value))
        });
        let later = edits[i + 1..].iter().any(|l| {
            l.client == e.client
                && l.id == e.id
                && (l.field == e.field || l.field == DELETED)
                && l.round == e.round
        });
        if !(applied == 1 || conflict || later) {
            let log: Vec<(i64, String, serde_json::Value, bool, Option<String>)> = sqlx::query_as(
                "SELECT seq, member, fields, deleted, device FROM fieldbook.changes WHERE key = $1 ORDER BY seq",
            )
            .bind(key_of(e.id))
            .fetch_all(&pool)
            .await
            .unwrap();
            let related: Vec<&Edit> = edits.iter().filter(|l| l.id == e.id).collect();
            panic!("{e:?} was lost; the server's log of that row: {log:#?}; edits of it: {related:#?}");
        }
        if applied == 1 {
            applied_once += 1;
        } else if conflict {
            conflicted += 1;
        } else {
            replaced += 1;
        }
    }
    eprintln!(
        "simulation: {} edits and deletes: {applied_once} applied, {conflicted} conflicts, {replaced} replaced before they left; {} conflicts recorded",
        edits.len(),
        conflicts.len()
    );

    let mut kinds = std::collections::BTreeMap::new();
    for c in &conflicts {
        *kinds.entry(format!("{} {}.{}", c.kind, c.table, c.field)).or_insert(0) += 1;
    }
    eprintln!("simulation: conflicts by kind: {kinds:?}");

    // Search finds the same everywhere: the same documents (however they were indexed: row by
    // row or rebuilt after a bulk download), and the same hits.
    let documents = common::search_documents(&clients[0]).await;
    for core in &clients[1..] {
        assert!(common::search_documents(core).await == documents, "search indexes differ");
    }
    for e in edits.iter().filter(|e| e.table == "organizations").take(10) {
        let query = SearchQuery { text: e.value.clone(), include_archived: true, ..Default::default() };
        let first = clients[0].search().run(query.clone()).await.unwrap();
        for core in &clients[1..] {
            assert_eq!(core.search().run(query.clone()).await.unwrap(), first, "search for {}", e.value);
        }
    }
}
