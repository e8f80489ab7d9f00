//! The app's commands through Tauri's mock runtime, the way the webview calls them: JSON in,
//! JSON out, errors as `CommandError`. Also checks the committed TypeScript bindings are current.

use fieldbook::{AppState, with_commands};
use fieldbook_core::Core;
use fieldbook_core::private_temp::PrivateTemp;
use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};

struct TestApp {
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    _dir: tempfile::TempDir,
}

impl TestApp {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let core = tauri::async_runtime::block_on(Core::open(&dir.path().join("fb.sqlite3"))).unwrap();
        let app = with_commands(mock_builder())
            .manage(AppState::new(core, PrivateTemp::open(&dir.path().join("opened")).unwrap()))
            .build(mock_context(noop_assets()))
            .unwrap();
        let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
        let this = Self { _app: app, window, _dir: dir };
        // First start: the user adds themselves (the first member is an admin).
        this.ok("create_staff", json!({ "input": { "name": "Dana", "role": "office" }, "me": true }));
        this
    }

    fn invoke(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, request).map(|body| body.deserialize::<Value>().unwrap())
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.invoke(cmd, args).unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }
}

fn org(name: &str) -> Value {
    json!({ "name": name, "account_number": null, "dba_name": null, "parent_id": null,
            "address": {}, "phone": null, "email": null, "website": null, "notes": null })
}

#[test]
fn a_custom_field_is_defined_filled_in_filtered_on_and_refused_with_its_name() {
    let app = TestApp::new();
    let tier = app.ok(
        "create_custom_field",
        json!({ "input": { "record": "organization", "label": "Contract tier", "kind": "choice",
                           "choices": ["Gold", "Silver"] } }),
    );
    let field_id = tier["id"].as_str().unwrap().to_owned();
    let acme = app.ok(
        "create_organization",
        json!({ "input": { "name": "Acme", "custom": [{ "field_id": field_id, "value": "gold" }] }, "linkPeople": [] }),
    );
    app.ok("create_organization", json!({ "input": { "name": "Globex" }, "linkPeople": [] }));
    let values = app.ok("custom_values", json!({ "recordId": acme["id"] }));
    assert_eq!(values, json!([{ "field_id": field_id, "value": "Gold" }]));
    let gold = app.ok(
        "list_organizations",
        json!({ "filter": { "custom": [{ "field_id": field_id, "value": "Gold" }] } }),
    );
    assert_eq!(
        gold.as_array().unwrap().iter().map(|o| o["name"].clone()).collect::<Vec<_>>(),
        [json!("Acme")]
    );

    let refused = app
        .invoke(
            "update_organization",
            json!({ "id": acme["id"], "input": { "name": "Acme", "custom": [{ "field_id": field_id, "value": "Bronze" }] } }),
        )
        .unwrap_err();
    assert_eq!(refused["kind"], "invalid");
    assert_eq!(refused["field"], "custom");
    assert_eq!(refused["message"], "Contract tier: “Bronze” is not one of the choices (Gold, Silver).");

    let asked =
        app.invoke("remove_custom_field", json!({ "id": field_id, "confirmArchive": false })).unwrap_err();
    assert_eq!(asked["field"], "confirm_archive");
    let archived = app.ok("remove_custom_field", json!({ "id": field_id, "confirmArchive": true }));
    assert_eq!(archived["archived"], true);
    let listed = app.ok("list_custom_fields", json!({ "record": "organization", "includeArchived": false }));
    assert_eq!(listed, json!([]));
}

#[test]
fn create_list_and_open_an_organization_with_a_site_and_a_person() {
    let app = TestApp::new();
    let acme = app.ok(
        "create_organization",
        json!({ "input": { "name": "Acme", "account_number": "1001", "address": { "city": "Leeds" } }, "linkPeople": [] }),
    );
    let id = acme["id"].as_str().unwrap().to_owned();
    app.ok(
        "create_organization",
        json!({ "input": { "name": "Acme Leeds", "parent_id": id }, "linkPeople": [] }),
    );
    let person = app.ok(
        "create_person",
        json!({ "input": { "first_name": "Ann", "last_name": "Archer", "organization_id": id } }),
    );
    assert_eq!(person["address"]["city"], "Leeds");
    assert_eq!(person["address_override"]["city"], Value::Null);

    let list = app.ok("list_organizations", json!({ "filter": { "text": "acme" } }));
    assert_eq!(list.as_array().unwrap().len(), 2);
    let detail = app.ok("get_organization", json!({ "id": id }));
    assert_eq!(detail["organization"]["account_number"], "1001");
    assert_eq!(detail["sites"][0]["name"], "Acme Leeds");
    assert_eq!(detail["people"][0]["first_name"], "Ann");
}

#[test]
fn validation_errors_name_the_field() {
    let app = TestApp::new();
    app.ok(
        "create_organization",
        json!({ "input": { "name": "Acme", "account_number": "1001" }, "linkPeople": [] }),
    );
    let err = app
        .invoke(
            "create_organization",
            json!({ "input": { "name": "Beta", "account_number": "1001" }, "linkPeople": [] }),
        )
        .unwrap_err();
    assert_eq!(err["kind"], "invalid");
    assert_eq!(err["field"], "account_number");
    assert!(err["message"].as_str().unwrap().contains("Acme"), "{err}");

    let err = app.invoke("create_person", json!({ "input": { "email": "x@y.z" } })).unwrap_err();
    assert_eq!(err["field"], "last_name");
}

#[test]
fn an_unknown_record_is_not_found_and_a_malformed_id_is_refused() {
    let app = TestApp::new();
    let err = app.invoke("get_person", json!({ "id": "0190c2a4-0000-7000-8000-000000000000" })).unwrap_err();
    assert_eq!(err["kind"], "not_found");
    assert_eq!(err["message"], "That person no longer exists.");
    assert!(app.invoke("get_person", json!({ "id": "not-a-uuid" })).is_err());
}

#[test]
fn archive_restore_and_suggestions_round_trip() {
    let app = TestApp::new();
    app.ok("create_person", json!({ "input": { "first_name": "Zed", "company_name": "Zeta Ltd" } }));
    let acme = app.ok("create_organization", json!({ "input": org("ACME Inc."), "linkPeople": [] }));
    let id = &acme["id"];
    let archived = app.ok("archive_organization", json!({ "id": id }));
    assert!(archived["archived_at"].is_string());
    assert_eq!(app.ok("list_organizations", json!({ "filter": {} })), json!([]));
    let all = app.ok("list_organizations", json!({ "filter": { "include_archived": true } }));
    assert_eq!(all[0]["name"], "ACME Inc.");
    app.ok("restore_organization", json!({ "id": id }));

    let found = app.ok("suggest_organization_names", json!({ "typed": "acme llc" }));
    assert_eq!(found["organizations"][0]["near_duplicate"], true);
    let found = app.ok("suggest_organization_names", json!({ "typed": "zeta" }));
    let key = found["company_names"][0]["key"].clone();
    let people = app.ok("people_with_company", json!({ "key": key }));
    assert_eq!(people[0]["first_name"], "Zed");
}

#[test]
fn only_phone_mail_and_web_links_reach_the_os() {
    let app = TestApp::new();
    for url in ["file:///etc/passwd", "javascript:alert(1)", "smb://server/share"] {
        let err = app.invoke("open_link", json!({ "url": url })).unwrap_err();
        assert_eq!(err["field"], "url", "{url}");
    }
}

#[test]
fn system_types_notes_and_settings_through_ipc() {
    let app = TestApp::new();
    let acme = app.ok("create_organization", json!({ "input": { "name": "Acme" }, "linkPeople": [] }));
    let org_id = acme["id"].as_str().unwrap();

    let router = app.ok(
        "create_system_type",
        json!({ "input": { "name": "Router", "fields": [
            { "id": null, "label": "IP address", "kind": "ip_address", "required": true }
        ] } }),
    );
    let field = router["fields"][0]["id"].as_str().unwrap();
    let bad = app
        .invoke(
            "create_system",
            json!({ "input": { "organization_id": org_id, "system_type_id": router["id"], "name": "Gateway",
                    "values": [{ "field_id": field, "value": "300.1.1.1" }] } }),
        )
        .unwrap_err();
    assert_eq!(bad["kind"], "invalid");
    assert_eq!(bad["field"], "values");
    assert!(bad["message"].as_str().unwrap().starts_with("IP address:"), "{bad}");
    app.ok(
        "create_system",
        json!({ "input": { "organization_id": org_id, "system_type_id": router["id"], "name": "Gateway",
                "values": [{ "field_id": field, "value": "10.0.0.1" }] } }),
    );
    let with_router = app.ok("list_organizations", json!({ "filter": { "system_type_id": router["id"] } }));
    assert_eq!(with_router.as_array().unwrap().len(), 1);

    app.ok("update_settings", json!({ "settings": { "max_attachment_mb": 5 } }));
    assert_eq!(app.ok("get_first_run", json!({})), json!({ "needed": true }));
    app.ok("dismiss_first_run", json!({}));
    assert_eq!(app.ok("get_first_run", json!({})), json!({ "needed": false }));
    let subject = json!({ "kind": "organization", "id": org_id });
    app.ok("create_note", json!({ "subject": subject, "input": { "body": "call about renewal", "callback_at": "2026-11-20 10:00" } }));
    let notes = app.ok("list_notes", json!({ "subject": subject }));
    assert_eq!(notes[0]["author"], "Dana");
    let due = app.ok("list_callbacks", json!({ "until": "2026-11-21T00:00" }));
    assert_eq!(due[0]["subject_name"], "Acme");
    let err = app.invoke("update_settings", json!({ "settings": { "max_attachment_mb": 0 } })).unwrap_err();
    assert_eq!(err["field"], "max_attachment_mb");
}

#[test]
fn staff_who_am_i_and_an_admin_only_action_refused_with_its_kind() {
    let app = TestApp::new();
    let who = app.ok("who_am_i", json!({}));
    assert_eq!(who["me"]["name"], "Dana");
    assert_eq!(who["me"]["role"], "admin", "the first member is an admin");
    let tech =
        app.ok("create_staff", json!({ "input": { "name": "Eli", "role": "technician" }, "me": false }));
    assert_eq!(app.ok("list_staff", json!({ "includeInactive": false })).as_array().unwrap().len(), 2);
    app.ok("set_me", json!({ "id": tech["id"] }));
    let err =
        app.invoke("create_system_type", json!({ "input": { "name": "Router", "fields": [] } })).unwrap_err();
    assert_eq!(err["kind"], "forbidden");
    assert_eq!(err["message"], "Only an admin can define system types; Eli is a technician.");
    let err = app.invoke("delete_staff", json!({ "id": who["me"]["id"] })).unwrap_err();
    assert_eq!(err["kind"], "forbidden");
}

#[test]
fn import_previews_and_applies_the_chosen_file_only() {
    let app = TestApp::new();
    let options = json!({ "options": { "kind": "organizations" } });
    let err = app.invoke("preview_import", options.clone()).unwrap_err();
    assert_eq!((err["kind"].as_str(), err["field"].as_str()), (Some("invalid"), Some("file")));

    let path = app._dir.path().join("clients.csv");
    std::fs::write(&path, "Company;City\nAcme;Leeds\nBeta;York\n").unwrap();
    *app._app.state::<AppState>().import_file.lock().unwrap() = Some(path);
    let preview = app.ok("preview_import", options);
    assert_eq!(preview["file_name"], "clients.csv");
    assert_eq!(preview["format"]["delimiter"], "semicolon");
    assert_eq!(preview["mapping"], json!(["name", "city"]));
    assert_eq!(preview["summary"]["create"], 2);
    assert_eq!(app.ok("count_organizations", json!({ "filter": {} })), 0, "a preview writes nothing");

    let request = json!({ "options": { "kind": "organizations" }, "file_sha256": preview["file_sha256"],
                          "expected": preview["summary"] });
    let record = app.ok("apply_import", json!({ "request": request, "progress": "__CHANNEL__:7" }));
    assert_eq!(record["created"], 2);
    assert_eq!(app.ok("count_organizations", json!({ "filter": {} })), 2);
    assert_eq!(app.ok("import_history", json!({}))[0]["file_name"], "clients.csv");
    app.ok("undo_last_import", json!({}));
    assert_eq!(app.ok("count_organizations", json!({ "filter": {} })), 0);
}

#[test]
fn a_ticket_with_time_is_invoiced_paid_and_stated_through_ipc() {
    let app = TestApp::new();
    let org = app.ok(
        "create_organization",
        json!({ "input": { "name": "Acme", "account_number": "A-1" }, "linkPeople": [] }),
    );
    let id = org["id"].clone();
    app.ok("set_organization_billing", json!({ "id": id, "billing": { "news": "New alarm code" } }));
    let logged = app.ok("create_ticket", json!({ "input": { "organization_id": id, "subject": "Printer" } }));
    assert_eq!(logged["news"], "New alarm code");
    let ticket = logged["ticket"]["id"].clone();
    let err = app
        .invoke("add_time_entry", json!({ "ticket": ticket, "input": { "work_date": "2026-13-01", "minutes": 30, "billable": true } }))
        .unwrap_err();
    assert_eq!(err["field"], "work_date");
    app.ok("add_time_entry", json!({ "ticket": ticket, "input": { "work_date": "2026-10-01", "minutes": 60, "billable": true, "rate": 10000 } }));
    let invoices = app.ok(
        "create_invoices",
        json!({ "run": { "period_from": "2026-10-01", "period_to": "2026-10-31", "issue_date": "2026-11-01" } }),
    );
    assert_eq!(invoices[0]["total"], 10_000);
    app.ok(
        "add_payment",
        json!({ "input": { "organization_id": id, "kind": "payment", "date": "2026-11-05",
        "amount": 4000, "method": null, "reference": null, "allocations": null } }),
    );
    let statement = app.ok(
        "get_statement",
        json!({ "request": { "organization_id": id, "kind": "open_items", "as_of": "2026-12-01", "from": null } }),
    );
    assert_eq!(statement["balance"], 6_000);
    assert_eq!(statement["aging"]["days_1_30"], 6_000);
}

#[test]
fn amounts_too_large_to_bill_are_validation_errors_naming_the_field() {
    let app = TestApp::new();
    let org = app.ok("create_organization", json!({ "input": { "name": "Acme" }, "linkPeople": [] }));
    let id = org["id"].clone();
    let ticket = app.ok("create_ticket", json!({ "input": { "organization_id": id, "subject": "Router" } }))
        ["ticket"]["id"]
        .clone();
    let huge = i64::MAX;
    let refused = |cmd: &str, args: Value, field: &str| {
        let err = app.invoke(cmd, args).expect_err(cmd);
        assert_eq!(
            (err["kind"].as_str(), err["field"].as_str()),
            (Some("invalid"), Some(field)),
            "{cmd}: {err}"
        );
    };
    refused(
        "add_time_entry",
        json!({ "ticket": ticket, "input": { "work_date": "2026-10-01", "minutes": 1440, "billable": true, "rate": huge } }),
        "rate",
    );
    refused(
        "set_organization_billing",
        json!({ "id": id, "billing": { "hourly_rate": huge } }),
        "hourly_rate",
    );
    let mut settings = app.ok("get_billing_settings", json!({}));
    settings["hourly_rate"] = json!(huge);
    refused("update_billing_settings", json!({ "settings": settings }), "hourly_rate");
    refused(
        "add_payment",
        json!({ "input": { "organization_id": id, "kind": "payment", "date": "2026-11-05",
            "amount": huge, "method": null, "reference": null, "allocations": null } }),
        "amount",
    );
    refused(
        "create_manual_invoice",
        json!({ "input": { "organization_id": id, "issue_date": "2026-11-01",
            "lines": [{ "description": "Router", "amount": huge }, { "description": "More", "amount": 1 }] } }),
        "lines",
    );
    // The largest rate accepted still bills a whole day without overflow.
    let max = app.ok(
        "add_time_entry",
        json!({ "ticket": ticket, "input": { "work_date": "2026-10-01", "minutes": 1440, "billable": true,
            "rate": fieldbook_core::billing::MAX_AMOUNT } }),
    );
    assert_eq!(max["amount"], fieldbook_core::billing::MAX_AMOUNT * 24);
    // Nothing refused left a trace.
    assert_eq!(app.ok("list_invoices", json!({ "organization": id })).as_array().map(Vec::len), Some(0));
}

#[test]
fn backup_settings_through_ipc_name_the_field_and_keep_a_folder() {
    let app = TestApp::new();
    let status = app.ok("get_backup_status", json!({}));
    assert_eq!(status["stale"], true, "no backup yet is a warning");
    assert_eq!(status["settings"]["folder"], Value::Null);
    let err = app
        .invoke("set_backup_settings", json!({ "settings": { "folder": "/no/such/folder", "keep": 7 } }))
        .unwrap_err();
    assert_eq!(err["field"], "folder");
    assert!(!err["message"].as_str().unwrap_or_default().contains("/no/such"), "{err}");
    let err =
        app.invoke("set_backup_settings", json!({ "settings": { "folder": null, "keep": 0 } })).unwrap_err();
    assert_eq!(err["field"], "keep");
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().to_str().unwrap();
    let saved = app.ok("set_backup_settings", json!({ "settings": { "folder": path, "keep": 3 } }));
    assert_eq!(saved["settings"]["folder"], path);
    assert_eq!(saved["settings"]["keep"], 3);
    let err = app.invoke("verify_backup", json!({ "passphrase": null, "progress": "__CHANNEL__:1" }));
    assert!(err.is_err(), "a check without a chosen file");
}

#[test]
fn team_commands_outside_a_team_say_so_and_take_no_file_path_from_the_webview() {
    let app = TestApp::new();
    let status = app.ok("get_team_status", json!({}));
    assert_eq!(status["joined"], false);
    assert_eq!(app.ok("list_conflicts", json!({ "all": true })), json!([]));
    for cmd in [
        "team_sync_now",
        "team_leave",
        "list_team_devices",
        "approve_team_device",
        "remove_team_device",
        "remove_team_member",
        "recover_with_kit",
    ] {
        let err = app
            .invoke(
                cmd,
                json!({ "force": false, "device": "00", "login": "ben", "code": "FB1", "passphrase": "x" }),
            )
            .unwrap_err();
        assert_eq!(err["kind"], "invalid", "{cmd}");
        assert!(err["message"].as_str().unwrap().contains("not in a team"), "{cmd}: {err}");
    }
    // The CA file comes from the native dialog only: an address naming a file is refused, and
    // "verify" without a chosen file asks for one. Neither reaches the network.
    let err = app
        .invoke(
            "team_publish",
            json!({ "url": "postgres://ann@127.0.0.1:1/team?sslmode=verify-full&sslrootcert=/etc/passwd",
                    "password": "pw" }),
        )
        .unwrap_err();
    assert_eq!(err["field"], "url");
    let err = app
        .invoke(
            "team_join",
            json!({ "url": "postgres://ann@127.0.0.1:1/team?sslmode=verify-full", "password": "pw", "replace": false,
                    "progress": "__CHANNEL__:3" }),
        )
        .unwrap_err();
    assert_eq!(err["field"], "ca");
    let err = app
        .invoke("resolve_conflict", json!({ "id": "00", "resolution": { "take": "theirs" } }))
        .unwrap_err();
    assert_eq!(err["kind"], "not_found");
}

mod bindings {
    //! The TypeScript types in ui/src/bindings are generated from the Rust types by ts-rs and
    //! committed; this fails when one is stale. `UPDATE_BINDINGS=1 cargo test --test commands`
    //! rewrites them.
    use std::path::PathBuf;
    use ts_rs::{Config, TS};

    fn check<T: TS + 'static>(stale: &mut Vec<String>) {
        let cfg = Config::from_env();
        let dir = PathBuf::from(std::env::var("TS_RS_EXPORT_DIR").expect("set in .cargo/config.toml"));
        let path = dir.join(T::output_path().unwrap());
        let fresh = T::export_to_string(&cfg).unwrap();
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current != fresh {
            if std::env::var_os("UPDATE_BINDINGS").is_some() {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, fresh).unwrap();
            } else {
                stale.push(path.display().to_string());
            }
        }
    }

    #[test]
    fn typescript_bindings_are_current() {
        use fieldbook_core::{address, files as f, notes as n, organizations as o, people as p};
        use fieldbook_core::{settings, system_types as st, systems as sy};
        let mut stale = Vec::new();
        check::<address::Address>(&mut stale);
        check::<fieldbook_core::OrganizationId>(&mut stale);
        check::<fieldbook_core::PersonId>(&mut stale);
        check::<o::Organization>(&mut stale);
        check::<o::OrganizationRef>(&mut stale);
        check::<o::OrganizationInput>(&mut stale);
        check::<o::OrganizationDetail>(&mut stale);
        check::<o::OrganizationSort>(&mut stale);
        check::<o::OrganizationFilter>(&mut stale);
        check::<o::NameSuggestions>(&mut stale);
        check::<o::OrganizationMatch>(&mut stale);
        check::<o::CompanyName>(&mut stale);
        check::<p::Person>(&mut stale);
        check::<p::PersonInput>(&mut stale);
        check::<p::PersonFilter>(&mut stale);
        {
            use fieldbook_core::custom_fields as c;
            check::<fieldbook_core::CustomFieldId>(&mut stale);
            check::<c::CustomRecord>(&mut stale);
            check::<c::CustomKind>(&mut stale);
            check::<c::CustomField>(&mut stale);
            check::<c::CustomFieldInput>(&mut stale);
            check::<c::CustomValue>(&mut stale);
            check::<c::CustomFilter>(&mut stale);
            check::<fieldbook_core::terms::Term>(&mut stale);
            check::<fieldbook_core::terms::TermInput>(&mut stale);
            check::<fieldbook_core::terms::Language>(&mut stale);
        }
        check::<fieldbook_core::SystemTypeId>(&mut stale);
        check::<fieldbook_core::FieldId>(&mut stale);
        check::<fieldbook_core::SystemId>(&mut stale);
        check::<fieldbook_core::SecretId>(&mut stale);
        check::<fieldbook_core::NoteId>(&mut stale);
        check::<fieldbook_core::AttachmentId>(&mut stale);
        check::<settings::Settings>(&mut stale);
        check::<settings::FirstRun>(&mut stale);
        {
            use fieldbook_core::staff as s;
            check::<fieldbook_core::StaffId>(&mut stale);
            check::<s::Role>(&mut stale);
            check::<s::StaffMember>(&mut stale);
            check::<s::StaffInput>(&mut stale);
            check::<s::Actor>(&mut stale);
            check::<s::NameInRecords>(&mut stale);
            check::<s::WhoAmI>(&mut stale);
            use fieldbook_core::{activities as a, choices as c, members as m, stream as st};
            check::<fieldbook_core::ChoiceId>(&mut stale);
            check::<fieldbook_core::MemberId>(&mut stale);
            check::<fieldbook_core::ContactId>(&mut stale);
            check::<fieldbook_core::StreamEntryId>(&mut stale);
            check::<fieldbook_core::CommentId>(&mut stale);
            check::<fieldbook_core::ActivityId>(&mut stale);
            check::<c::ChoiceList>(&mut stale);
            check::<c::Choice>(&mut stale);
            check::<m::Member>(&mut stale);
            check::<m::Contact>(&mut stale);
            check::<m::OrganizationTeam>(&mut stale);
            check::<st::StreamKind>(&mut stale);
            check::<st::StreamEntry>(&mut stale);
            check::<st::StreamComment>(&mut stale);
            check::<st::StreamQuery>(&mut stale);
            check::<st::StreamPage>(&mut stale);
            check::<a::ActivityStatus>(&mut stale);
            check::<a::Activity>(&mut stale);
            check::<a::ActivityInput>(&mut stale);
            check::<a::AgendaFor>(&mut stale);
            check::<a::AgendaQuery>(&mut stale);
            check::<a::AgendaItem>(&mut stale);
            check::<a::Agenda>(&mut stale);
            {
                use fieldbook_core::today as td;
                check::<td::TodayQuery>(&mut stale);
                check::<td::Today>(&mut stale);
                check::<td::TicketShortList>(&mut stale);
                check::<td::UnbilledCustomer>(&mut stale);
                check::<td::UnbilledSummary>(&mut stale);
                check::<td::OpenInvoice>(&mut stale);
                check::<td::InvoiceSummary>(&mut stale);
                check::<td::ContractSummary>(&mut stale);
            }
            use fieldbook_core::email::log as e;
            check::<fieldbook_core::EmailId>(&mut stale);
            check::<e::Email>(&mut stale);
            check::<e::EmailAddress>(&mut stale);
            check::<e::EmailFile>(&mut stale);
            check::<e::EmailsRecorded>(&mut stale);
            check::<fieldbook::commands::attachments::Dropped>(&mut stale);
            use fieldbook_core::{duplicates as d, merge as mg};
            check::<fieldbook_core::MergeId>(&mut stale);
            check::<d::DuplicateReason>(&mut stale);
            check::<d::DuplicateQuery>(&mut stale);
            check::<d::DuplicateMember>(&mut stale);
            check::<d::DuplicateGroup>(&mut stale);
            check::<d::DuplicatePage>(&mut stale);
            check::<mg::RecordKind>(&mut stale);
            check::<mg::MergeSide>(&mut stale);
            check::<mg::OrganizationField>(&mut stale);
            check::<mg::PersonField>(&mut stale);
            check::<mg::OrganizationMerge>(&mut stale);
            check::<mg::PersonMerge>(&mut stale);
            check::<mg::MergeFieldPreview>(&mut stale);
            check::<mg::DependantCount>(&mut stale);
            check::<mg::MergePreview>(&mut stale);
            check::<mg::MergeRecord>(&mut stale);
        }
        {
            use fieldbook_core::backup::{self as b, auto as a};
            check::<b::Phase>(&mut stale);
            check::<b::Progress>(&mut stale);
            check::<b::Summary>(&mut stale);
            check::<b::Restored>(&mut stale);
            check::<a::AutoBackupSettings>(&mut stale);
            check::<a::BackupStatus>(&mut stale);
            check::<fieldbook::commands::backup::BackupRequest>(&mut stale);
            check::<fieldbook::commands::backup::ChosenBackup>(&mut stale);
        }
        check::<st::FieldKind>(&mut stale);
        check::<st::FieldDef>(&mut stale);
        check::<st::SystemType>(&mut stale);
        check::<st::FieldInput>(&mut stale);
        check::<st::SystemTypeInput>(&mut stale);
        check::<sy::System>(&mut stale);
        check::<sy::SystemField>(&mut stale);
        check::<sy::SecretRef>(&mut stale);
        check::<sy::FieldValue>(&mut stale);
        check::<sy::SecretChange>(&mut stale);
        check::<sy::SystemInput>(&mut stale);
        check::<sy::SecretAccess>(&mut stale);
        check::<n::NoteSubject>(&mut stale);
        check::<n::Note>(&mut stale);
        check::<n::NoteInput>(&mut stale);
        check::<f::Owner>(&mut stale);
        check::<f::Attachment>(&mut stale);
        check::<fieldbook_core::logos::Logo>(&mut stale);
        check::<fieldbook_core::search::SearchKind>(&mut stale);
        check::<fieldbook_core::search::SearchQuery>(&mut stale);
        check::<fieldbook_core::search::OpenTarget>(&mut stale);
        check::<fieldbook_core::search::SearchHit>(&mut stale);
        check::<fieldbook_core::search::SearchResults>(&mut stale);
        check::<fieldbook_core::search::SearchGroup>(&mut stale);
        {
            use fieldbook_core::import::{self as i, organizer as g};
            check::<fieldbook_core::ImportId>(&mut stale);
            check::<i::ImportKind>(&mut stale);
            check::<i::Target>(&mut stale);
            check::<i::FieldChoice>(&mut stale);
            check::<i::SavedMapping>(&mut stale);
            check::<i::TextEncoding>(&mut stale);
            check::<i::Delimiter>(&mut stale);
            check::<i::ReadOptions>(&mut stale);
            check::<i::FileFormat>(&mut stale);
            check::<i::FileSource>(&mut stale);
            check::<i::MatchBy>(&mut stale);
            check::<i::OnMatch>(&mut stale);
            check::<i::ImportOptions>(&mut stale);
            check::<i::RowAction>(&mut stale);
            check::<i::PreviewRow>(&mut stale);
            check::<i::RowError>(&mut stale);
            check::<i::ImportSummary>(&mut stale);
            check::<i::ImportPreview>(&mut stale);
            check::<i::ApplyRequest>(&mut stale);
            check::<i::ApplyProgress>(&mut stale);
            check::<i::ImportRecord>(&mut stale);
            check::<g::GroupPerson>(&mut stale);
            check::<g::CompanyGroup>(&mut stale);
            check::<g::GroupDecision>(&mut stale);
            check::<g::GroupTarget>(&mut stale);
        }
        {
            use fieldbook_core::{
                billing as b, invoices as i, payments as pay, service::tickets as t, statements as s,
            };
            check::<fieldbook_core::TicketId>(&mut stale);
            check::<fieldbook_core::TimeEntryId>(&mut stale);
            check::<fieldbook_core::InvoiceId>(&mut stale);
            check::<fieldbook_core::PaymentId>(&mut stale);
            check::<b::BillingSettings>(&mut stale);
            check::<b::OrganizationBilling>(&mut stale);
            check::<t::TicketStatus>(&mut stale);
            check::<t::Ticket>(&mut stale);
            check::<t::TicketInput>(&mut stale);
            check::<t::TicketWithNews>(&mut stale);
            check::<t::TimeEntry>(&mut stale);
            check::<t::TimeEntryInput>(&mut stale);
            check::<t::Unbilled>(&mut stale);
            check::<i::Invoice>(&mut stale);
            check::<i::InvoiceLine>(&mut stale);
            check::<i::InvoiceRun>(&mut stale);
            check::<i::ManualLine>(&mut stale);
            check::<i::ManualInvoice>(&mut stale);
            check::<pay::PaymentKind>(&mut stale);
            check::<pay::PaymentInput>(&mut stale);
            check::<pay::Allocation>(&mut stale);
            check::<pay::Payment>(&mut stale);
            check::<s::StatementKind>(&mut stale);
            check::<s::StatementRequest>(&mut stale);
            check::<s::StatementLine>(&mut stale);
            check::<s::Aging>(&mut stale);
            check::<s::Party>(&mut stale);
            check::<s::Statement>(&mut stale);
            check::<fieldbook::commands::billing::BatchProgress>(&mut stale);
        }
        {
            use fieldbook_core::sync::team as t;
            check::<t::SyncReport>(&mut stale);
            check::<t::TeamStatus>(&mut stale);
            check::<fieldbook_core::sync::vault::VaultStatus>(&mut stale);
            check::<fieldbook_core::sync::vault::TeamDevice>(&mut stale);
            check::<fieldbook_core::sync::rotation::Removal>(&mut stale);
            check::<fieldbook_core::sync::rotation::PasswordToChange>(&mut stale);
            check::<fieldbook_core::sync::recovery::RecoveryKit>(&mut stale);
            check::<fieldbook_core::systems::StaffSecretAccess>(&mut stale);
            check::<fieldbook_core::sync::rotation::MemberRemoval>(&mut stale);
            {
                use fieldbook_core::service::contracts as c;
                check::<fieldbook_core::ContractId>(&mut stale);
                check::<c::Contract>(&mut stale);
                check::<c::ContractItem>(&mut stale);
                check::<c::ContractInput>(&mut stale);
                check::<c::ContractItemInput>(&mut stale);
                check::<c::ContractKind>(&mut stale);
                check::<c::Renewal>(&mut stale);
                check::<c::BillingCycle>(&mut stale);
                check::<c::ContractStatus>(&mut stale);
                check::<c::ContractFilter>(&mut stale);
                check::<c::ContractQuery>(&mut stale);
                check::<c::CoverableSystem>(&mut stale);
                use fieldbook_core::service::{hours as h, slas as s};
                check::<fieldbook_core::SlaId>(&mut stale);
                check::<h::Schedule>(&mut stale);
                check::<h::Window>(&mut stale);
                check::<s::Priority>(&mut stale);
                check::<s::SlaTarget>(&mut stale);
                check::<s::Sla>(&mut stale);
                check::<s::SlaInput>(&mut stale);
                check::<s::SlaAssignment>(&mut stale);
                check::<fieldbook_core::service::tickets::TicketQuery>(&mut stale);
                check::<fieldbook_core::service::tickets::StatusFilter>(&mut stale);
                check::<fieldbook_core::service::tickets::TicketEdit>(&mut stale);
                check::<fieldbook_core::billing::PersonNews>(&mut stale);
                check::<fieldbook_core::TicketUpdateId>(&mut stale);
                check::<fieldbook_core::service::thread::UpdateKind>(&mut stale);
                check::<fieldbook_core::service::thread::TicketUpdate>(&mut stale);
                check::<fieldbook_core::service::thread::UpdateInput>(&mut stale);
                use fieldbook_core::service::prepaid as p;
                check::<fieldbook_core::TopUpId>(&mut stale);
                check::<p::Prepaid>(&mut stale);
                check::<p::TopUp>(&mut stale);
                check::<p::TopUpInput>(&mut stale);
            }
            check::<t::SyncProgress>(&mut stale);
            check::<t::Conflict>(&mut stale);
            check::<t::Resolution>(&mut stale);
        }
        check::<fieldbook::CommandError>(&mut stale);
        check::<fieldbook::ErrorKind>(&mut stale);
        assert!(
            stale.is_empty(),
            "stale TypeScript bindings (run `UPDATE_BINDINGS=1 cargo test --test commands`): {stale:#?}"
        );
    }
}
