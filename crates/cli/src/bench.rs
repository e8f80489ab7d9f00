//! Hidden benchmark helpers: for `cargo xtask bench stream`, an organization's first stream page
//! and My agenda through the core (and the same SQL as a sqlite3 script for the side-by-side with
//! the raw queries); for `cargo xtask bench sync`, team sync between two databases; for
//! `cargo xtask bench today`, the Today page.

use fieldbook_core::activities::{AgendaFor, AgendaQuery};
use fieldbook_core::notes::NoteSubject;
use fieldbook_core::organizations::OrganizationFilter;
use fieldbook_core::stream::StreamQuery;
use fieldbook_core::{Core, Error};

use crate::output;

fn percentiles(mut micros: Vec<u64>) -> serde_json::Value {
    micros.sort_unstable();
    let at = |p: f64| {
        micros.get(((micros.len() as f64 * p) as usize).min(micros.len().saturating_sub(1))).copied()
    };
    serde_json::json!({ "runs": micros.len(), "p50_us": at(0.50), "p95_us": at(0.95), "max_us": micros.last() })
}

fn hex(id: impl std::fmt::Display) -> String {
    id.to_string().replace('-', "")
}

/// The first page of `orgs` organizations' streams (50 entries with their names and comments)
/// and the agenda of every staff member and of anyone (10 rounds), at noon today, after one
/// untimed pass over both.
pub async fn stream(core: &Core, orgs: u32, raw_sql: Option<&std::path::Path>) -> Result<(), Error> {
    // Organizations spread over the whole list (every 10th of the first ones by name).
    let all = core
        .organizations()
        .list(OrganizationFilter {
            limit: Some(orgs.saturating_mul(10).min(5000)),
            ..OrganizationFilter::default()
        })
        .await?;
    let picked: Vec<_> = all.iter().step_by(10).map(|o| o.id).collect();
    let staff = core.staff().list(false).await?;
    let now = format!("{}T12:00", core.billing().today().await?);
    let today = &now[..10];

    if let Some(path) = raw_sql {
        let mut script =
            format!("PRAGMA cache_size = -{};\n.timer on\n", fieldbook_core::db::READER_CACHE_KIB);
        for id in &picked {
            // The core's page: the ids (one more than shown, to know there is more), then the
            // entries with their organization, person and actor names, then their comments.
            script.push_str(&format!(
                "SELECT count(*) FROM (SELECT e.id, e.kind, o.name, trim(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')), \
                 s.name, e.body, e.at, (SELECT count(*) FROM stream_comments c LEFT JOIN staff cs ON cs.id = c.actor_id WHERE c.entry_id = e.id) \
                 FROM stream_entries e LEFT JOIN organizations o ON o.id = e.organization_id LEFT JOIN people p ON p.id = e.person_id \
                 LEFT JOIN staff s ON s.id = e.actor_id WHERE e.organization_id = X'{}' ORDER BY e.id DESC LIMIT 51);\n",
                hex(id)
            ));
        }
        let tomorrow = fieldbook_core::dates::add_days(today, 1).unwrap_or_default();
        let horizon = fieldbook_core::dates::add_days(today, 15).unwrap_or_default();
        let groups = [
            (None, now.clone()),
            (Some(now.clone()), format!("{tomorrow}T00:00")),
            (Some(format!("{tomorrow}T00:00")), format!("{horizon}T00:00")),
        ];
        let limit = fieldbook_core::activities::GROUP_LIMIT;
        let whos: Vec<Option<String>> = staff.iter().map(|m| Some(hex(m.id))).chain([None]).collect();
        for who in &whos {
            let mut parts = Vec::new();
            for (from, until) in &groups {
                let from_a = from.as_ref().map(|f| format!(" AND a.due_at >= '{f}'")).unwrap_or_default();
                let from_n =
                    from.as_ref().map(|f| format!(" AND n.callback_at >= '{f}'")).unwrap_or_default();
                let who_n = who.as_ref().map(|w| format!(" AND n.author_id = X'{w}'")).unwrap_or_default();
                // As the core: one ordered walk per kind of assignee, then the rows for those ids.
                let walk = |assignee: &str| {
                    format!(
                        "SELECT id FROM (SELECT a.id FROM activities a WHERE a.status = 'planned' \
                         AND a.due_at < '{until}'{from_a}{assignee} ORDER BY a.due_at, a.id LIMIT {limit})"
                    )
                };
                let pick = match who {
                    Some(w) => format!(
                        "{} UNION ALL {}",
                        walk(&format!(" AND a.assignee_id = X'{w}'")),
                        walk(" AND a.assignee_id IS NULL")
                    ),
                    None => walk(""),
                };
                parts.push(format!(
                    "(SELECT count(*) FROM (WITH pick(id) AS ({pick}) SELECT a.id, c.name, o.name, s.name \
                     FROM activities a JOIN choices c ON c.id = a.type_id \
                     LEFT JOIN organizations o ON o.id = a.organization_id LEFT JOIN people p ON p.id = a.person_id \
                     LEFT JOIN staff s ON s.id = a.assignee_id LEFT JOIN staff b ON b.id = a.created_by \
                     WHERE a.id IN (SELECT id FROM pick) ORDER BY a.due_at, a.id LIMIT {limit}))"
                ));
                parts.push(format!(
                    "(SELECT count(*) FROM (SELECT n.id, o.name, n.body, s.name FROM notes n LEFT JOIN organizations o ON o.id = n.organization_id \
                     LEFT JOIN people p ON p.id = n.person_id LEFT JOIN staff s ON s.id = n.author_id \
                     WHERE n.callback_at IS NOT NULL AND n.callback_done_at IS NULL AND n.callback_at < '{until}'{from_n}{who_n} \
                     ORDER BY n.callback_at, n.id LIMIT {limit}))"
                ));
            }
            script.push_str(&format!("SELECT {};\n", parts.join(" + ")));
        }
        std::fs::write(path, script)?;
    }

    // One untimed pass first: the figures are for a database the app has open (warm page cache),
    // not for the first read of each page from disk.
    for id in &picked {
        let q = StreamQuery {
            subject: NoteSubject::Organization(*id),
            include_related: false,
            kinds: vec![],
            before: None,
            limit: Some(50),
        };
        core.stream().page(q).await?;
    }
    for who in staff.iter().map(|m| AgendaFor::Staff(m.id)).chain([AgendaFor::Anyone]) {
        core.activities().agenda(AgendaQuery { who, now: now.clone(), days: Some(14) }).await?;
    }
    let mut page_us = Vec::new();
    let mut entries = 0usize;
    for id in &picked {
        let started = std::time::Instant::now();
        let page = core
            .stream()
            .page(StreamQuery {
                subject: NoteSubject::Organization(*id),
                include_related: false,
                kinds: vec![],
                before: None,
                limit: Some(50),
            })
            .await?;
        page_us.push(started.elapsed().as_micros() as u64);
        entries += page.entries.len();
    }
    let mut agenda_us = Vec::new();
    let mut items = 0usize;
    for _ in 0..10 {
        for who in staff.iter().map(|m| AgendaFor::Staff(m.id)).chain([AgendaFor::Anyone]) {
            let started = std::time::Instant::now();
            let agenda =
                core.activities().agenda(AgendaQuery { who, now: now.clone(), days: Some(14) }).await?;
            agenda_us.push(started.elapsed().as_micros() as u64);
            items += agenda.overdue.len() + agenda.today.len() + agenda.upcoming.len();
        }
    }
    output::print_json(&serde_json::json!({
        "stream_first_page": percentiles(page_us), "entries_shown": entries,
        "agenda": percentiles(agenda_us), "agenda_items": items, "staff": staff.len(),
    }));
    Ok(())
}

/// Peak resident memory of this process so far, in MiB (Linux; 0 elsewhere).
fn peak_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .map(|v| v.trim().trim_end_matches(" kB").trim().to_owned())
        })
        .and_then(|v| v.parse::<u64>().ok())
        .map_or(0, |kib| kib / 1024)
}

/// Changes the phone of `n` organizations (from the `start`th), each saved on its own as the
/// app saves a form.
async fn edit_phones(
    core: &Core,
    orgs: &[fieldbook_core::organizations::Organization],
    start: usize,
    n: usize,
    tag: &str,
) -> Result<(), Error> {
    for (i, org) in orgs.iter().cycle().skip(start).take(n).enumerate() {
        let input = fieldbook_core::organizations::OrganizationInput {
            account_number: org.account_number.clone(),
            name: org.name.clone(),
            dba_name: org.dba_name.clone(),
            parent_id: org.parent.as_ref().map(|p| p.id),
            address: org.address.clone(),
            phone: Some(format!("0113 {tag} {i:05}")),
            email: org.email.clone(),
            website: org.website.clone(),
            notes: org.notes.clone(),
            custom: None,
        };
        core.organizations().update(org.id, input).await?;
    }
    Ok(())
}

/// The password in a `postgres://user:password@host/db` address (the bench's admin address).
fn password_in(url: &str) -> String {
    url.split_once("://")
        .and_then(|(_, r)| r.split_once('@'))
        .and_then(|(u, _)| u.split_once(':'))
        .map(|(_, p)| p.to_owned())
        .unwrap_or_default()
}

/// Team sync timings: publish, first download, idle sync, 100 edits round trip, 10,000 edits.
pub async fn sync(a: &Core, url: &str, other: &std::path::Path) -> Result<(), Error> {
    use std::time::Instant;
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1000.0;
    let pool = fieldbook_core::sync::server::connect(url, None).await?;
    let password = password_in(url);
    let bare = fieldbook_core::sync::server::without_password(url);
    let rows: i64 = {
        let started = Instant::now();
        let report = a.team().publish(&bare, &password).await?;
        eprintln!("published {} rows in {:.0} ms", report.pushed, ms(started));
        report.pushed as i64
    };
    // A server that has just taken millions of rows is still busy with them (hint bits,
    // autovacuum, checkpoints); a machine joins a team whose server has settled, and the floor
    // (timed after this) reads a settled one too. Every table: the change log took as many rows
    // as the records, and its autovacuum would otherwise share the two cores with the join.
    for settle in ["VACUUM (ANALYZE)", "CHECKPOINT"] {
        sqlx::query(settle).execute(&pool).await.map_err(|e| Error::invalid("bench", e.to_string()))?;
    }
    let mut results = serde_json::Map::new();
    results.insert("rows".into(), rows.into());

    let b = Core::open(other).await?;
    let started = Instant::now();
    let report = b.team().join(&bare, &password, false).await?;
    let first = ms(started);
    // Of which reading the rows from the server (all pages again, nothing applied).
    let started = Instant::now();
    let (mut after, mut read) = (0, 0);
    loop {
        let page = fieldbook_core::sync::server::pull(&pool, after, fieldbook_core::sync::team::PAGE).await?;
        let Some(last) = page.last() else { break };
        after = last.seq;
        read += page.len();
    }
    let reading = ms(started);
    results.insert(
        "first_download".into(),
        serde_json::json!({ "ms": first, "rows": report.pulled, "reading_ms": reading, "read": read, "peak_rss_mib": peak_mib() }),
    );
    eprintln!("first download: {} rows in {first:.0} ms", report.pulled);

    let mut idle = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        b.team().sync_with(&pool).await?;
        idle.push((ms(started) * 1000.0) as u64);
    }
    results.insert("idle_sync".into(), percentiles(idle));

    // 10,000 distinct organizations (the list gives at most 5,000 a page).
    let mut orgs = Vec::new();
    for page in 0..2 {
        let filter = OrganizationFilter {
            limit: Some(5_000),
            offset: Some(page * 5_000),
            ..OrganizationFilter::default()
        };
        orgs.extend(a.organizations().list(filter).await?);
    }
    let mut round_trips = Vec::new();
    for round in 0..5 {
        edit_phones(a, &orgs, round * 100, 100, &format!("r{round}")).await?;
        let started = Instant::now();
        a.team().sync_with(&pool).await?;
        let pulled = b.team().sync_with(&pool).await?;
        round_trips.push((ms(started) * 1000.0) as u64);
        if pulled.pulled < 100 {
            return Err(Error::invalid("bench", format!("only {} of 100 edits arrived", pulled.pulled)));
        }
    }
    results.insert("edits_100_round_trip".into(), percentiles(round_trips));

    edit_phones(a, &orgs, 0, 10_000, "big").await?;
    let started = Instant::now();
    let pushed = a.team().sync_with(&pool).await?;
    let push_ms = ms(started);
    let started = Instant::now();
    let pulled = b.team().sync_with(&pool).await?;
    results.insert(
        "edits_10000".into(),
        serde_json::json!({ "push_ms": push_ms, "pushed": pushed.pushed, "pull_ms": ms(started), "pulled": pulled.pulled }),
    );
    results.insert("peak_rss_mib".into(), peak_mib().into());
    b.close().await;
    pool.close().await;
    output::print_json(&serde_json::Value::Object(results));
    Ok(())
}

/// Shared credentials timings (for `cargo xtask bench vault`): this database (empty) gets
/// `secrets` systems with a password each and publishes to the empty team server at `url` (its
/// admin login); `devices - 2` more machines are registered there with key pairs of their own and
/// approved, and one real machine (`other`) joins, is approved and receives every password; then
/// one machine is removed, which changes the key over every value for the machines that stay;
/// and reveals on the joined machine are timed one by one (keyring read, audit entry).
/// `keep_keyring`: the joined machine's first receive finds the values in the (shared) keyring
/// already, as it does after a key change, instead of writing each one.
pub async fn vault(
    a: &Core,
    url: &str,
    other: &std::path::Path,
    secrets: u32,
    devices: u32,
    keep_keyring: bool,
) -> Result<(), Error> {
    use fieldbook_core::system_types::{FieldInput, FieldKind, SystemTypeInput};
    use fieldbook_core::systems::{SecretChange, SecretUse, SystemInput};
    use std::time::Instant;
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1000.0;
    let me = a.staff().actor().await?;
    let field = FieldInput { id: None, label: "Password".into(), kind: FieldKind::Secret, required: false };
    let router = a
        .system_types()
        .create(SystemTypeInput { name: "Router".into(), fields: vec![field], confirm_removals: false }, &me)
        .await?;
    let started = Instant::now();
    let mut ids = Vec::new();
    let mut secret_ids = Vec::new();
    for i in 0..secrets {
        if i % 100 == 0 {
            let input = fieldbook_core::organizations::OrganizationInput {
                name: format!("Bench Site {:05}", i / 100),
                ..Default::default()
            };
            ids.push(a.organizations().create(input, vec![]).await?.id);
        }
        let input = SystemInput {
            organization_id: *ids.last().expect("an organization"),
            system_type_id: router.id,
            name: format!("Router {i:05}"),
            notes: None,
            values: vec![],
            secrets: vec![SecretChange {
                field_id: router.fields[0].id,
                value: Some(format!("pw-{i:05}-{}", i * 7919)),
            }],
        };
        let system = a.systems().create(input, &me).await?;
        secret_ids.extend(system.fields.iter().filter_map(|f| f.secret.as_ref().map(|s| s.id)));
    }
    eprintln!("{secrets} passwords saved in {:.0} ms", ms(started));
    let password = password_in(url);
    let bare = fieldbook_core::sync::server::without_password(url);
    let started = Instant::now();
    let published = a.team().publish(&bare, &password).await?;
    let publish_ms = ms(started);
    eprintln!("published ({} passwords sealed and sent) in {publish_ms:.0} ms", published.passwords_sent);

    // Machines that only hold a key pair (their rounds would not change the timings).
    let pool = fieldbook_core::sync::server::connect(url, None).await?;
    for n in 0..devices.saturating_sub(2) {
        let identity = age::x25519::Identity::generate();
        let recipient = identity.to_public().to_string();
        let device = format!("{:032x}", 0xbe00_0000_u128 + u128::from(n));
        sqlx::query("SELECT fieldbook.register_device($1, $2, $3, $4)")
            .bind(&device)
            .bind(format!("bench-{n}"))
            .bind(&recipient)
            .bind(fieldbook_core::sync::vault::fingerprint(&recipient))
            .execute(&pool)
            .await?;
        a.team().approve_device(&device).await?;
    }
    let b = Core::open(other).await?;
    b.team().join(&bare, &password, false).await?;
    // The same user on the joined machine (it reveals as them).
    let user =
        b.staff().list(false).await?.into_iter().next().ok_or_else(|| Error::invalid("bench", "no staff"))?;
    b.staff().set_me(user.id).await?;
    let fingerprint = b.team().status().await?.passwords.fingerprint.unwrap_or_default();
    a.team().approve_device(&fingerprint).await?;
    // Both machines share this keyring: empty it, so the joined machine starts as a new one does.
    if !keep_keyring {
        use fieldbook_core::secrets::{OsKeyring, SecretStore};
        for id in &secret_ids {
            OsKeyring.delete(*id).map_err(|e| Error::invalid("bench", e.to_string()))?;
        }
    }
    let started = Instant::now();
    let received = b.team().sync().await?;
    let receive_ms = ms(started);
    eprintln!("{} passwords received into the keyring in {receive_ms:.0} ms", received.passwords_received);

    let started = Instant::now();
    let removal = a.team().remove_device(&format!("{:032x}", 0xbe00_0000_u128)).await?;
    let rotate_ms = ms(started);
    eprintln!(
        "key changed (version {}, {} values) in {rotate_ms:.0} ms",
        removal.key_version, removal.resealed
    );
    let started = Instant::now();
    let refetched = b.team().sync().await?;
    let refetch_ms = ms(started);

    let b_me = b.staff().actor().await?;
    let mut reveals = Vec::new();
    let every = (secret_ids.len() / 200).max(1);
    for (i, id) in secret_ids.iter().enumerate().filter(|(i, _)| i % every == 0) {
        let started = Instant::now();
        let value = b.systems().read_secret(*id, SecretUse::Reveal, &b_me).await?;
        reveals.push((ms(started) * 1000.0) as u64);
        if !value.starts_with("pw-") {
            return Err(Error::invalid("bench", format!("reveal {i} gave another value")));
        }
    }
    let devices_now = a.team().devices().await?.len();
    let results = serde_json::json!({
        "secrets": secrets,
        "devices": devices_now,
        "publish_ms": publish_ms,
        "first_receive": { "ms": receive_ms, "passwords": received.passwords_received, "into_empty_keyring": !keep_keyring },
        "rotation": { "ms": rotate_ms, "resealed": removal.resealed, "devices_after": devices_now - 1 },
        "receive_after_rotation": { "ms": refetch_ms, "passwords": refetched.passwords_received },
        "reveal_us": percentiles(reveals),
        "peak_rss_mib": peak_mib(),
    });
    b.close().await;
    pool.close().await;
    output::print_json(&results);
    Ok(())
}

/// The Tickets view's first page (200 tickets, as the view asks) and its count for each filter,
/// 20 times each, and `orgs` organizations' pages (contracts, SLA, tickets), after one untimed
/// pass; with `raw_sql`, the same SQL as a sqlite3 script (`.print @@ name` before each group).
pub async fn tickets(core: &Core, orgs: u32, raw_sql: Option<&std::path::Path>) -> Result<(), Error> {
    use fieldbook_core::service::slas::Priority;
    use fieldbook_core::service::tickets::{StatusFilter, TicketQuery, desk_sql_for_shell};

    const PAGE: i64 = 200;
    const ROUNDS: usize = 20;
    let all = core
        .organizations()
        .list(OrganizationFilter {
            limit: Some(orgs.saturating_mul(10).min(5000)),
            ..OrganizationFilter::default()
        })
        .await?;
    let picked: Vec<_> = all.iter().step_by(10).map(|o| o.id).collect();
    let staff = core.staff().list(false).await?;
    let newest: i64 =
        core.tickets().desk_count(&TicketQuery { status: StatusFilter::All, ..Default::default() }).await?;
    let base = TicketQuery::default();
    let mut filters: Vec<(String, TicketQuery)> = vec![
        ("open or waiting (default)".into(), base.clone()),
        ("open".into(), TicketQuery { status: StatusFilter::Open, ..base.clone() }),
        ("waiting".into(), TicketQuery { status: StatusFilter::Waiting, ..base.clone() }),
        ("closed".into(), TicketQuery { status: StatusFilter::Closed, ..base.clone() }),
        ("all".into(), TicketQuery { status: StatusFilter::All, ..base.clone() }),
        ("urgent".into(), TicketQuery { priority: Some(Priority::Urgent), ..base.clone() }),
        (
            "low, all statuses".into(),
            TicketQuery { priority: Some(Priority::Low), status: StatusFilter::All, ..base.clone() },
        ),
        ("unassigned".into(), TicketQuery { unassigned: true, ..base.clone() }),
        ("overdue".into(), TicketQuery { overdue: true, ..base.clone() }),
        ("SLA breached".into(), TicketQuery { breached: true, ..base.clone() }),
        (
            "SLA breached, all statuses".into(),
            TicketQuery { breached: true, status: StatusFilter::All, ..base.clone() },
        ),
        (
            "number (#…), all statuses".into(),
            TicketQuery { text: Some(format!("#{}", newest / 2)), status: StatusFilter::All, ..base.clone() },
        ),
        ("subject words".into(), TicketQuery { text: Some("printer".into()), ..base.clone() }),
        (
            "subject words, all statuses".into(),
            TicketQuery { text: Some("printer".into()), status: StatusFilter::All, ..base.clone() },
        ),
        (
            "subject matching nothing, all statuses".into(),
            TicketQuery { text: Some("zebra".into()), status: StatusFilter::All, ..base.clone() },
        ),
    ];
    for m in staff.iter().take(3) {
        filters
            .push((format!("assignee {}", m.name), TicketQuery { assignee_id: Some(m.id), ..base.clone() }));
    }
    for id in picked.iter().take(3) {
        filters.push((
            "organization with its sites".into(),
            TicketQuery { organization_id: Some(*id), ..base.clone() },
        ));
        filters.push((
            "organization with its sites, all statuses".into(),
            TicketQuery { organization_id: Some(*id), status: StatusFilter::All, ..base.clone() },
        ));
    }

    if let Some(path) = raw_sql {
        let mut script =
            format!("PRAGMA cache_size = -{};\n.timer on\n", fieldbook_core::db::READER_CACHE_KIB);
        for (name, q) in &filters {
            let search = core.tickets().text_search(q).await?;
            let (page, count) = desk_sql_for_shell(q, &search, PAGE);
            script.push_str(&format!(".print @@ page {name}\n"));
            for _ in 0..ROUNDS {
                // Every column computed and printed, as the core reads them (to /dev/null).
                script.push_str(&format!(".once /dev/null\n{page};\n"));
            }
            script.push_str(&format!(".print @@ count {name}\n"));
            for _ in 0..ROUNDS {
                script.push_str(&format!("{count};\n"));
            }
        }
        std::fs::write(path, script)?;
    }

    // One untimed pass: the figures are for a database the app has open (warm page cache).
    for (_, q) in &filters {
        core.tickets().desk(q, 0, PAGE).await?;
        core.tickets().desk_count(q).await?;
    }
    for id in &picked {
        core.contracts().of_organization(*id).await?;
    }
    // Runs by filter name (the organization filters share a name: their runs pool).
    /// A filter's page and count times (µs), and the last page's rows and count.
    type Runs = (Vec<u64>, Vec<u64>, usize, i64);
    let mut runs: std::collections::BTreeMap<&str, Runs> = Default::default();
    for (name, q) in &filters {
        let (page_us, count_us, shown, total) = runs.entry(name.as_str()).or_default();
        for _ in 0..ROUNDS {
            let started = std::time::Instant::now();
            *shown = core.tickets().desk(q, 0, PAGE).await?.len();
            page_us.push(started.elapsed().as_micros() as u64);
            let started = std::time::Instant::now();
            *total = core.tickets().desk_count(q).await?;
            count_us.push(started.elapsed().as_micros() as u64);
        }
    }
    let summary: serde_json::Map<String, serde_json::Value> = runs
        .into_iter()
        .map(|(name, (page_us, count_us, shown, total))| {
            let figures = serde_json::json!({
                "page": percentiles(page_us), "count": percentiles(count_us), "shown": shown, "total": total,
            });
            (name.to_owned(), figures)
        })
        .collect();
    // An organization's page: its contracts (with a block's standing), its SLA, its tickets.
    let (mut contracts_us, mut page_us) = (Vec::new(), Vec::new());
    let mut contracts = 0usize;
    for id in &picked {
        let started = std::time::Instant::now();
        contracts += core.contracts().of_organization(*id).await?.len();
        contracts_us.push(started.elapsed().as_micros() as u64);
        let started = std::time::Instant::now();
        core.contracts().of_organization(*id).await?;
        core.slas().of_organization(*id).await?;
        core.tickets().list(*id).await?;
        page_us.push(started.elapsed().as_micros() as u64);
    }
    output::print_json(&serde_json::json!({
        "desk": summary,
        "organization_contracts": percentiles(contracts_us), "contracts_shown": contracts,
        "organization_service": percentiles(page_us), "organizations": picked.len(),
    }));
    Ok(())
}

/// The Today page of every active staff member, 20 times each after one untimed pass (a warm
/// page cache, as in the app), at this computer's time.
pub async fn today(core: &Core) -> Result<(), Error> {
    use fieldbook_core::today::TodayQuery;
    const ROUNDS: usize = 20;
    let staff = core.staff().list(false).await?;
    let now = format!("{}T12:00", core.billing().today().await?);
    let query = || TodayQuery { now: now.clone() };
    for m in &staff {
        core.today().get(m.id, query()).await?;
    }
    core.today().unbilled(query()).await?;
    let (mut micros, mut unbilled_micros) = (Vec::new(), Vec::new());
    let (mut last, mut unbilled) = (None, None);
    for _ in 0..ROUNDS {
        for m in &staff {
            let started = std::time::Instant::now();
            last = Some(core.today().get(m.id, query()).await?);
            micros.push(started.elapsed().as_micros() as u64);
        }
        let started = std::time::Instant::now();
        unbilled = Some(core.today().unbilled(query()).await?);
        unbilled_micros.push(started.elapsed().as_micros() as u64);
    }
    let shown = last.map(|p| {
        serde_json::json!({
            "my_tickets": p.my_tickets.count, "overdue_tickets": p.overdue_tickets.count,
            "overdue_invoices": p.invoices.overdue_count, "unpaid_invoices": p.invoices.unpaid_count,
            "contracts_ending": p.contracts.count,
            "agenda": p.agenda.overdue.len() + p.agenda.today.len(),
        })
    });
    let unbilled = unbilled.map(|u| serde_json::json!({ "customers": u.customer_count, "since": u.since }));
    output::print_json(&serde_json::json!({
        "page": percentiles(micros), "unbilled": percentiles(unbilled_micros), "staff": staff.len(),
        "last_page": shown, "last_unbilled": unbilled,
    }));
    Ok(())
}

/// Time the lists with custom fields (for `cargo xtask bench custom`): the organizations and
/// people lists' first page (200 rows) and count, unfiltered and filtered on choice and yes/no
/// fields (a rare and a common value), 500 organizations' values, and searches for custom text;
/// 20 runs each after one untimed pass. With `raw_sql`, also writes the same list SQL (values
/// written in) as a sqlite3 script under `.timer on`. Prints JSON.
pub async fn custom(core: &Core, raw_sql: Option<&std::path::Path>) -> Result<(), Error> {
    use fieldbook_core::custom_fields::{CustomFilter, CustomRecord};
    use fieldbook_core::people::PersonFilter;
    use fieldbook_core::search::{SearchKind, SearchQuery};

    const PAGE: u32 = 200;
    const ROUNDS: usize = 20;
    let org_fields = core.custom_fields().list(CustomRecord::Organization, false).await?;
    let person_fields = core.custom_fields().list(CustomRecord::Person, false).await?;
    let field = |fields: &[fieldbook_core::custom_fields::CustomField], label: &str| {
        fields
            .iter()
            .find(|f| f.label == label)
            .map(|f| f.id)
            .ok_or_else(|| Error::invalid("bench", format!("no field {label}")))
    };
    let filter = |id, value: &str| vec![CustomFilter { field_id: id, value: value.into() }];
    let org_filters: Vec<(String, Vec<CustomFilter>)> = vec![
        ("none".into(), vec![]),
        ("Contract tier = Platinum (2 %)".into(), filter(field(&org_fields, "Contract tier")?, "Platinum")),
        ("Contract tier = Silver (30 %)".into(), filter(field(&org_fields, "Contract tier")?, "Silver")),
        ("Sales region = Overseas (12 %)".into(), filter(field(&org_fields, "Sales region")?, "Overseas")),
        ("Managed backup = yes (47 %)".into(), filter(field(&org_fields, "Managed backup")?, "yes")),
        (
            "Contract tier = Gold and Sales region = North".into(),
            [
                filter(field(&org_fields, "Contract tier")?, "Gold"),
                filter(field(&org_fields, "Sales region")?, "North"),
            ]
            .concat(),
        ),
    ];
    let person_filters: Vec<(String, Vec<CustomFilter>)> = vec![
        ("none".into(), vec![]),
        (
            "Role in buying = Decision maker (5 %)".into(),
            filter(field(&person_fields, "Role in buying")?, "Decision maker"),
        ),
        ("VIP = yes (7 %)".into(), filter(field(&person_fields, "VIP")?, "yes")),
        ("Shift = Day (17 %)".into(), filter(field(&person_fields, "Shift")?, "Day")),
    ];
    let org_filter = |custom: &[CustomFilter]| OrganizationFilter {
        custom: custom.to_vec(),
        limit: Some(PAGE),
        ..OrganizationFilter::default()
    };
    let person_filter = |custom: &[CustomFilter]| PersonFilter {
        custom: custom.to_vec(),
        limit: Some(PAGE),
        ..PersonFilter::default()
    };

    if let Some(path) = raw_sql {
        // As the core: a page looks a dense value up per row (EXISTS, walked in the list's
        // order), reads a rare one's holders (IN); a count always reads the holders.
        let where_custom = |id_column: &str, custom: &[CustomFilter], dense: &[bool]| {
            custom
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    let (field, value) = (hex(f.field_id), f.value.replace('\'', "''"));
                    if dense.get(i).copied().unwrap_or(false) {
                        format!(
                            " AND EXISTS (SELECT 1 FROM custom_values cv WHERE cv.field_id = X'{field}' \
                             AND cv.record_id = {id_column} AND cv.value = '{value}')"
                        )
                    } else {
                        format!(
                            " AND {id_column} IN (SELECT record_id FROM custom_values WHERE field_id = X'{field}' \
                             AND value = '{value}')"
                        )
                    }
                })
                .collect::<String>()
        };
        // As the core: one value alone is counted on the values' index minus its archived
        // holders; otherwise the list's rows are counted.
        let count_sql = |table: &str, alias: &str, custom: &[CustomFilter], counted: &str| match custom {
            [f] => format!(
                "SELECT (SELECT count(*) FROM custom_values WHERE field_id = X'{0}' AND value = '{1}') \
                 - (SELECT count(*) FROM custom_values WHERE field_id = X'{0}' AND value = '{1}' \
                 AND record_id IN (SELECT id FROM {table} WHERE archived_at IS NOT NULL))",
                hex(f.field_id),
                f.value.replace('\'', "''")
            ),
            _ => format!(
                "SELECT count(*) FROM {table} {alias} WHERE 1 AND {alias}.archived_at IS NULL{counted}"
            ),
        };
        let mut script =
            format!("PRAGMA cache_size = -{};\n.timer on\n", fieldbook_core::db::READER_CACHE_KIB);
        let org_order = " ORDER BY o.name COLLATE NOCASE, o.id";
        for (name, custom) in &org_filters {
            let dense =
                if custom.len() == 1 { core.custom_fields().dense_filters(custom).await? } else { vec![] };
            let w = where_custom("o.id", custom, &dense);
            let counted = where_custom("o.id", custom, &[]);
            script.push_str(&format!(".print @@ organizations page, {name}\n"));
            for _ in 0..ROUNDS {
                script.push_str(&format!(
                    ".once /dev/null\nSELECT o.id, o.account_number, o.name, o.dba_name, o.parent_id, p.name, p.account_number, \
                     o.address_line1, o.address_line2, o.city, o.region, o.postal_code, o.country, o.phone, o.email, o.website, \
                     o.notes, o.logo_sha256 IS NOT NULL, o.created_at, o.updated_at, o.archived_at \
                     FROM organizations o LEFT JOIN organizations p ON p.id = o.parent_id \
                     JOIN (SELECT o.id FROM organizations o WHERE 1 AND o.archived_at IS NULL{w}{org_order} LIMIT {PAGE} OFFSET 0) page \
                     ON page.id = o.id{org_order};\n"
                ));
            }
            script.push_str(&format!(".print @@ organizations count, {name}\n"));
            for _ in 0..ROUNDS {
                script.push_str(&format!("{};\n", count_sql("organizations", "o", custom, &counted)));
            }
        }
        let person_order =
            " ORDER BY coalesce(p.last_name, p.first_name) COLLATE NOCASE, p.first_name COLLATE NOCASE, p.id";
        for (name, custom) in &person_filters {
            let dense =
                if custom.len() == 1 { core.custom_fields().dense_filters(custom).await? } else { vec![] };
            let w = where_custom("p.id", custom, &dense);
            let counted = where_custom("p.id", custom, &[]);
            script.push_str(&format!(".print @@ people page, {name}\n"));
            for _ in 0..ROUNDS {
                script.push_str(&format!(
                    ".once /dev/null\nSELECT p.id, p.first_name, p.last_name, p.job_title, p.department, p.location, p.phone, \
                     p.mobile, p.email, p.organization_id, o.name, o.account_number, p.company_name, p.address_line1, \
                     p.address_line2, p.city, p.region, p.postal_code, p.country, coalesce(p.address_line1, o.address_line1), \
                     coalesce(p.address_line2, o.address_line2), coalesce(p.city, o.city), coalesce(p.region, o.region), \
                     coalesce(p.postal_code, o.postal_code), coalesce(p.country, o.country), p.created_at, p.updated_at, p.archived_at \
                     FROM people p LEFT JOIN organizations o ON o.id = p.organization_id \
                     JOIN (SELECT p.id FROM people p WHERE 1 AND p.archived_at IS NULL{w}{person_order} LIMIT {PAGE} OFFSET 0) page \
                     ON page.id = p.id{person_order};\n"
                ));
            }
            script.push_str(&format!(".print @@ people count, {name}\n"));
            for _ in 0..ROUNDS {
                script.push_str(&format!("{};\n", count_sql("people", "p", custom, &counted)));
            }
        }
        std::fs::write(path, script)?;
    }

    let searches = ["cabinet 17", "b-10420", "royal mail"];
    // One untimed pass: the figures are for a database the app has open (warm page cache).
    for (_, custom) in &org_filters {
        core.organizations().list(org_filter(custom)).await?;
        core.organizations().count(org_filter(custom)).await?;
    }
    for (_, custom) in &person_filters {
        core.people().list(person_filter(custom)).await?;
        core.people().count(person_filter(custom)).await?;
    }
    let mut summary = serde_json::Map::new();
    for (name, custom) in &org_filters {
        let (mut page_us, mut count_us, mut shown, mut total) = (Vec::new(), Vec::new(), 0, 0);
        for _ in 0..ROUNDS {
            let started = std::time::Instant::now();
            shown = core.organizations().list(org_filter(custom)).await?.len();
            page_us.push(started.elapsed().as_micros() as u64);
            let started = std::time::Instant::now();
            total = core.organizations().count(org_filter(custom)).await?;
            count_us.push(started.elapsed().as_micros() as u64);
        }
        summary.insert(
            format!("organizations, {name}"),
            serde_json::json!({ "page": percentiles(page_us), "count": percentiles(count_us), "shown": shown, "total": total }),
        );
    }
    for (name, custom) in &person_filters {
        let (mut page_us, mut count_us, mut shown, mut total) = (Vec::new(), Vec::new(), 0, 0);
        for _ in 0..ROUNDS {
            let started = std::time::Instant::now();
            shown = core.people().list(person_filter(custom)).await?.len();
            page_us.push(started.elapsed().as_micros() as u64);
            let started = std::time::Instant::now();
            total = core.people().count(person_filter(custom)).await?;
            count_us.push(started.elapsed().as_micros() as u64);
        }
        summary.insert(
            format!("people, {name}"),
            serde_json::json!({ "page": percentiles(page_us), "count": percentiles(count_us), "shown": shown, "total": total }),
        );
    }
    // A record's values (its page and form), for 500 organizations over the list.
    let orgs = core
        .organizations()
        .list(OrganizationFilter { limit: Some(5000), ..OrganizationFilter::default() })
        .await?;
    let mut values_us = Vec::new();
    for org in orgs.iter().step_by(10) {
        let started = std::time::Instant::now();
        core.custom_fields().values(org.id).await?;
        values_us.push(started.elapsed().as_micros() as u64);
    }
    summary.insert("a record's values".into(), percentiles(values_us));
    for text in searches {
        let query = SearchQuery {
            text: text.into(),
            kinds: vec![SearchKind::Organization, SearchKind::Person],
            include_archived: false,
            limit: Some(20),
        };
        core.search().run(query.clone()).await?;
        let mut us = Vec::new();
        let mut hits = 0;
        for _ in 0..ROUNDS {
            let started = std::time::Instant::now();
            hits = core.search().run(query.clone()).await?.groups.iter().map(|g| g.hits.len()).sum::<usize>();
            us.push(started.elapsed().as_micros() as u64);
        }
        summary
            .insert(format!("search “{text}”"), serde_json::json!({ "run": percentiles(us), "hits": hits }));
    }
    output::print_json(&serde_json::Value::Object(summary));
    Ok(())
}
