//! The data dictionary (issue 16): an admin renames the words for the kinds of record; they are
//! checked first (blank means the default, no two terms share a word) and shared as settings.

mod common;

use common::{TestCore, assert_invalid};
use fieldbook_core::staff::Role;
use fieldbook_core::terms::Language::{De, En};
use fieldbook_core::terms::TermInput;

fn rename(key: &str, singular: &str, plural: &str) -> TermInput {
    TermInput { key: key.into(), singular: singular.into(), plural: plural.into(), gender: None }
}

#[tokio::test]
async fn terms_are_renamed_checked_and_put_back_by_a_blank() {
    let t = TestCore::with_me().await;
    let me = t.me().await;
    let terms = t.terms().list(En).await.unwrap();
    assert_eq!(terms[0].singular, "Organization");
    assert_eq!(terms.iter().find(|t| t.key == "person").unwrap().plural, "People");

    let renamed = t
        .terms()
        .update(
            En,
            vec![rename("organization", " Client ", "Clients"), rename("person", "Staff  member", "Staff")],
            &me,
        )
        .await
        .unwrap();
    let word = |key: &str| {
        renamed.iter().find(|t| t.key == key).map(|t| (t.singular.clone(), t.plural.clone())).unwrap()
    };
    assert_eq!(word("organization"), ("Client".into(), "Clients".into()));
    assert_eq!(word("person"), ("Staff member".into(), "Staff".into()));
    assert_eq!(word("site"), ("Site".into(), "Sites".into()));

    // Two terms with one word, an empty-looking word, a non-admin: refused, nothing changed.
    assert_invalid(
        t.terms().update(En, vec![rename("site", "Client", "Client sites")], &me).await,
        "terms",
        "“Client” would name both Organizations and Sites",
    );
    assert_invalid(
        t.terms().update(En, vec![rename("ticket", "--", "Jobs")], &me).await,
        "terms",
        "Ticket: “--” is not a word",
    );
    let tech = t.colleague("Tom Tech", Role::Technician).await;
    assert!(matches!(
        t.terms().update(En, vec![rename("ticket", "Job", "Jobs")], &tech).await,
        Err(fieldbook_core::Error::Forbidden(_))
    ));
    assert_eq!(t.terms().list(En).await.unwrap(), renamed);

    // A blank word is the default again (and is not stored).
    let back = t.terms().update(En, vec![rename("organization", "", " ")], &me).await.unwrap();
    assert_eq!(back[0].singular, "Organization");
    let mut conn = common::read_only(&t).await;
    let stored: Vec<String> =
        sqlx::query_scalar("SELECT key FROM settings WHERE key LIKE 'terms.%' ORDER BY key")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    assert_eq!(stored, ["terms.person.plural", "terms.person.singular"]);
}

#[tokio::test]
async fn each_language_has_its_own_words_and_german_its_genders() {
    let t = TestCore::with_me().await;
    let me = t.me().await;
    let german = t.terms().list(De).await.unwrap();
    let org = &german[0];
    assert_eq!(
        (org.singular.as_str(), org.plural.as_str(), org.gender.as_deref()),
        ("Organisation", "Organisationen", Some("f"))
    );
    assert_eq!(t.terms().list(En).await.unwrap()[0].gender, None);

    // "Kunde" is masculine: the articles follow the gender the admin gives it.
    let input = TermInput { gender: Some("m".into()), ..rename("organization", "Kunde", "Kunden") };
    let renamed = t.terms().update(De, vec![input], &me).await.unwrap();
    assert_eq!((renamed[0].singular.as_str(), renamed[0].gender.as_deref()), ("Kunde", Some("m")));
    // English keeps its own words.
    assert_eq!(t.terms().list(En).await.unwrap()[0].singular, "Organization");

    let bad = TermInput { gender: Some("x".into()), ..rename("site", "", "") };
    assert_invalid(t.terms().update(De, vec![bad], &me).await, "terms", "Standort: the gender is m, f or n");
    assert_invalid(
        t.terms().update(De, vec![rename("site", "kunde", "Filialen")], &me).await,
        "terms",
        "“Kunde” would name both Organisationen and Standorte",
    );
    assert_eq!(t.terms().list(De).await.unwrap(), renamed);

    let mut conn = common::read_only(&t).await;
    let stored: Vec<String> =
        sqlx::query_scalar("SELECT key FROM settings WHERE key LIKE 'terms.%' ORDER BY key")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    assert_eq!(
        stored,
        ["terms.de.organization.gender", "terms.de.organization.plural", "terms.de.organization.singular"]
    );
}

#[test]
fn a_locale_tag_names_its_language() {
    use fieldbook_core::terms::Language;
    assert_eq!(Language::from_tag("de_AT.UTF-8"), De);
    assert_eq!(Language::from_tag("de-CH"), De);
    assert_eq!(Language::from_tag("en_GB.UTF-8"), En);
    assert_eq!(Language::from_tag("fr_FR"), En);
    assert_eq!(Language::from_tag("C"), En);
}

#[tokio::test]
async fn imports_recognise_the_renamed_words_in_headers() {
    use fieldbook_core::import::{ImportKind, ImportOptions, Target};
    let t = TestCore::with_me().await;
    let me = t.me().await;
    t.terms().update(En, vec![rename("organization", "Client", "Clients")], &me).await.unwrap();
    let input = TermInput { gender: Some("m".into()), ..rename("organization", "Mandant", "Mandanten") };
    t.terms().update(De, vec![input], &me).await.unwrap();

    let people = t.dir.path().join("people.csv");
    std::fs::write(&people, "First name,Last name,Client,Client number\nAnn,Archer,Acme Ltd,1001\n").unwrap();
    let preview = t.import().preview(&people, ImportOptions::new(ImportKind::People)).await.unwrap();
    assert_eq!(
        preview.mapping,
        [Target::FirstName, Target::LastName, Target::Company, Target::CompanyAccountNumber]
    );

    let orgs = t.dir.path().join("orgs.csv");
    std::fs::write(&orgs, "Mandantennummer;Mandant;Übergeordneter\n1001;Acme Ltd;\n").unwrap();
    let preview = t.import().preview(&orgs, ImportOptions::new(ImportKind::Organizations)).await.unwrap();
    assert_eq!(preview.mapping[..2], [Target::AccountNumber, Target::Name]);
    assert_eq!(preview.summary.create, 1);
}
