//! The exports people bring from their old tools, imported end to end: a realistic file per export
//! (its real header names, a few rows with the awkward parts — quotes, line breaks in addresses,
//! non-ASCII, empty columns), recognised by name, mapped right, parents and companies linked.

mod common;

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use common::TestCore;
use fieldbook_core::import::{ApplyRequest, ImportKind, ImportOptions, ImportPreview};
use fieldbook_core::organizations::{Organization, OrganizationFilter};
use fieldbook_core::people::{Person, PersonFilter};

fn write(t: &TestCore, name: &str, contents: &str) -> PathBuf {
    let path = t.dir.path().join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

/// Previews `contents` as `kind`, checks what it was recognised as and that no row has an error,
/// then applies it.
async fn import(
    t: &TestCore,
    kind: ImportKind,
    name: &str,
    contents: &str,
    recognised: &str,
) -> ImportPreview {
    let path = write(t, name, contents);
    let options = ImportOptions::new(kind);
    let preview = t.import().preview(&path, options.clone()).await.unwrap();
    assert_eq!(preview.recognised.as_deref(), Some(recognised), "{name}");
    assert!(preview.errors.is_empty(), "{name}: {:?}", preview.errors);
    let request =
        ApplyRequest { options, file_sha256: preview.file_sha256.clone(), expected: preview.summary };
    t.import().apply(&path, request, &t.me().await, &|_| {}, &AtomicBool::new(false)).await.unwrap();
    preview
}

fn o(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("")
}

/// An organization as one line: account | name | parent | line 1 | line 2 | city | region |
/// postal code | country | phone | email | website.
fn org_line(org: &Organization) -> String {
    let a = &org.address;
    [
        o(&org.account_number),
        &org.name,
        org.parent.as_ref().map_or("", |p| p.name.as_str()),
        o(&a.line1),
        o(&a.line2),
        o(&a.city),
        o(&a.region),
        o(&a.postal_code),
        o(&a.country),
        o(&org.phone),
        o(&org.email),
        o(&org.website),
    ]
    .join(" | ")
}

/// A person as one line: first | last | job title | department | location | phone | mobile |
/// email | organization (or "text: company") | own street | own city.
fn person_line(p: &Person) -> String {
    let company = match (&p.organization, &p.company_name) {
        (Some(org), _) => org.name.clone(),
        (None, Some(text)) => format!("text: {text}"),
        (None, None) => String::new(),
    };
    [
        o(&p.first_name),
        o(&p.last_name),
        o(&p.job_title),
        o(&p.department),
        o(&p.location),
        o(&p.phone),
        o(&p.mobile),
        o(&p.email),
        &company,
        o(&p.address_override.line1),
        o(&p.address_override.city),
    ]
    .join(" | ")
}

async fn orgs(t: &TestCore) -> Vec<String> {
    let filter = OrganizationFilter { include_archived: true, ..Default::default() };
    let mut lines: Vec<String> = t.organizations().list(filter).await.unwrap().iter().map(org_line).collect();
    lines.sort();
    lines
}

async fn people(t: &TestCore) -> Vec<String> {
    let filter = PersonFilter { include_archived: true, ..Default::default() };
    let mut lines: Vec<String> = t.people().list(filter).await.unwrap().iter().map(person_line).collect();
    lines.sort();
    lines
}

#[tokio::test]
async fn xero_contacts_become_organizations_and_their_people() {
    let t = TestCore::with_me().await;
    let file = "*ContactName,AccountNumber,EmailAddress,FirstName,LastName,POAttentionTo,POAddressLine1,POAddressLine2,POAddressLine3,POAddressLine4,POCity,PORegion,POPostalCode,POCountry,SAAttentionTo,SAAddressLine1,SAAddressLine2,SAAddressLine3,SAAddressLine4,SACity,SARegion,SAPostalCode,SACountry,PhoneNumber,FaxNumber,MobileNumber,DDINumber,SkypeName,BankAccountName,BankAccountNumber,BankAccountParticulars,TaxNumber,AccountsReceivableTaxCodeName,AccountsPayableTaxCodeName,Website,LegalName,Discount,CompanyNumber\n\
        \"Bäckerei Müller, Inh. Jens\",C-0042,info@baeckerei.example,Jens,Müller,,Postfach 12,,,,Köln,NRW,50667,Germany,,Hauptstr. 1,,,,Köln,NRW,50667,Germany,+49 221 555,,+49 170 1,,,,,,DE123,,,https://baeckerei.example,,,\n\
        Harbour Dental,C-0043,,Ana,Silva,Accounts,\"PO Box 7\",,,,Wellington,,6011,New Zealand,,,,,,,,,,04 555 0101,,,,,,,,,,,,Harbour Dental Limited,,\n";
    // Each contact's primary person comes along, linked; undo takes both away.
    let p = import(&t, ImportKind::Organizations, "Contacts.csv", file, "Xero contacts export").await;
    assert_eq!((p.summary.create, p.summary.contacts_create), (2, 2));
    assert_eq!(
        people(&t).await,
        vec![
            "Ana | Silva |  |  |  |  |  |  | Harbour Dental |  | ",
            "Jens | Müller |  |  |  |  | +49 170 1 |  | Bäckerei Müller, Inh. Jens |  | ",
        ]
    );
    t.import().undo_last(&t.me().await).await.unwrap();
    assert!(orgs(&t).await.is_empty() && people(&t).await.is_empty());
    let p = import(&t, ImportKind::Organizations, "Contacts.csv", file, "Xero contacts export").await;
    assert_eq!((p.summary.create, p.summary.contacts_create), (2, 2));
    // Again: nothing new, no second contact.
    let path = write(&t, "again.csv", file);
    let again = t.import().preview(&path, ImportOptions::new(ImportKind::Organizations)).await.unwrap();
    assert_eq!((again.summary.skip, again.summary.contacts_create, again.summary.contacts_update), (2, 0, 0));
    assert_eq!(
        orgs(&t).await,
        vec![
            "C-0042 | Bäckerei Müller, Inh. Jens |  | Postfach 12 |  | Köln | NRW | 50667 | Germany | +49 221 555 | info@baeckerei.example | https://baeckerei.example",
            "C-0043 | Harbour Dental |  | PO Box 7 |  | Wellington |  | 6011 | New Zealand | 04 555 0101 |  | ",
        ]
    );
    let dental = t.organizations().by_account_number("C-0043").await.unwrap();
    assert_eq!(dental.notes.as_deref(), Some("LegalName: Harbour Dental Limited"));
    // The same file as people: the primary person of each contact, linked to it.
    import(&t, ImportKind::People, "Contacts.csv", file, "Xero contacts export").await;
    assert_eq!(
        people(&t).await,
        vec![
            "Ana | Silva |  |  |  | 04 555 0101 |  |  | Harbour Dental |  | ",
            "Jens | Müller |  |  |  | +49 221 555 | +49 170 1 | info@baeckerei.example | Bäckerei Müller, Inh. Jens |  | ",
        ]
    );
}

#[tokio::test]
async fn salesforce_accounts_name_their_parent_and_contacts_their_account() {
    let t = TestCore::with_me().await;
    let accounts = "\"Account ID\",\"Account Name\",\"Account Number\",\"Parent Account\",\"Type\",\"Industry\",\"Phone\",\"Website\",\"Billing Street\",\"Billing City\",\"Billing State/Province\",\"Billing Zip/Postal Code\",\"Billing Country\",\"Shipping Street\",\"Shipping City\",\"Shipping State/Province\",\"Shipping Zip/Postal Code\",\"Shipping Country\",\"Account Owner\"\n\
        \"0015g00000AbCdE\",\"Northwind Leeds\",\"NW-2\",\"Northwind Traders\",\"Customer\",\"Retail\",\"0113 496 0000\",\"\",\"12 Park Row\nFloor 3\",\"Leeds\",\"\",\"LS1 5HD\",\"UK\",\"Dock 4\",\"Hull\",\"\",\"HU1 1AA\",\"UK\",\"Kim Lee\"\n\
        \"0015g00000AbCdF\",\"Northwind Traders\",\"NW-1\",\"\",\"Customer\",\"Retail\",\"020 7946 0000\",\"northwind.example\",\"1 King St\",\"London\",\"\",\"EC2V 8AA\",\"UK\",\"\",\"\",\"\",\"\",\"\",\"Kim Lee\"\n";
    import(&t, ImportKind::Organizations, "report.csv", accounts, "Salesforce accounts report").await;
    assert_eq!(
        orgs(&t).await,
        vec![
            "NW-1 | Northwind Traders |  | 1 King St |  | London |  | EC2V 8AA | UK | 020 7946 0000 |  | northwind.example",
            "NW-2 | Northwind Leeds | Northwind Traders | 12 Park Row | Floor 3 | Leeds |  | LS1 5HD | UK | 0113 496 0000 |  | ",
        ]
    );
    let leeds = t.organizations().by_account_number("NW-2").await.unwrap();
    assert_eq!(leeds.notes.as_deref(), Some("Type: Customer\nIndustry: Retail"));
    let contacts = "Contact ID,Account ID,First Name,Last Name,Title,Account Name,Email,Phone,Mobile,Mailing Street,Mailing City,Mailing State/Province,Mailing Zip/Postal Code,Mailing Country,Lead Source,Contact Owner,Reports To\n\
        0035g1,0015g00000AbCdE,Priya,Shah,Site Manager,Northwind Leeds,priya@northwind.example,,07700 900123,,,,,,Web,Kim Lee,\n\
        0035g2,0015g00000AbCdF,Tom,O'Neil,CFO,Northwind Traders,tom@northwind.example,020 7946 0001,,,,,,,,Kim Lee,\n";
    import(&t, ImportKind::People, "contacts.csv", contacts, "Salesforce contacts report").await;
    assert_eq!(
        people(&t).await,
        vec![
            "Priya | Shah | Site Manager |  |  |  | 07700 900123 | priya@northwind.example | Northwind Leeds |  | ",
            "Tom | O'Neil | CFO |  |  | 020 7946 0001 |  | tom@northwind.example | Northwind Traders |  | ",
        ]
    );
}

#[tokio::test]
async fn outlook_and_google_contacts_map_their_own_columns() {
    let t = TestCore::with_me().await;
    let acme = t.org("Acme Ltd").await;
    let outlook = "Title,First Name,Middle Name,Last Name,Suffix,Company,Department,Job Title,Business Street,Business Street 2,Business Street 3,Business City,Business State,Business Postal Code,Business Country/Region,Home Street,Home Street 2,Home Street 3,Home City,Home State,Home Postal Code,Home Country/Region,Other Street,Other Street 2,Other Street 3,Other City,Other State,Other Postal Code,Other Country/Region,Assistant's Phone,Business Fax,Business Phone,Business Phone 2,Callback,Car Phone,Company Main Phone,Home Fax,Home Phone,Home Phone 2,ISDN,Mobile Phone,Other Fax,Other Phone,Pager,Primary Phone,Radio Phone,TTY/TDD Phone,Telex,Account,Anniversary,Assistant's Name,Billing Information,Birthday,Business Address PO Box,Categories,Children,Directory Server,E-mail Address,E-mail Type,E-mail Display Name,E-mail 2 Address,E-mail 2 Type,E-mail 2 Display Name,E-mail 3 Address\n\
        Dr.,Renée,,Zöllner,,\"Acme, Ltd.\",IT,Head of IT,\"5 Mill Lane\",,,Bristol,,BS1 4DJ,United Kingdom,1 Home Rd,,,Bath,,BA1 1AA,,,,,,,,,,,0117 496 0000,,,,,,,,,07700 900001,,,,,,,,,,,,,,,,,renee@acme.example,SMTP,Renée Zöllner (renee@acme.example),renee.private@example.com,SMTP,,\n";
    import(&t, ImportKind::People, "contacts.CSV", outlook, "Outlook contacts export").await;
    let google = "First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,Phonetic Last Name,Name Prefix,Name Suffix,Nickname,File As,Organization Name,Organization Title,Organization Department,Birthday,Notes,Photo,Labels,E-mail 1 - Label,E-mail 1 - Value,E-mail 2 - Label,E-mail 2 - Value,Phone 1 - Label,Phone 1 - Value,Address 1 - Label,Address 1 - Formatted,Address 1 - Street,Address 1 - City,Address 1 - PO Box,Address 1 - Region,Address 1 - Postal Code,Address 1 - Country,Address 1 - Extended Address\n\
        Marco,,Rossi,,,,,,,,Nowhere SpA,Buyer,Acquisti,,,,* myContacts,* Work,marco@nowhere.example ::: m.rossi@nowhere.example,Home,marco@home.example,Mobile,+39 333 1234567 ::: +39 02 7654321,Work,\"Via Roma 1\n20121 Milano\",Via Roma 1,Milano,,MI,20121,Italy,Scala B\n";
    // Two addresses of one label share a cell (" ::: "): the first is the person's.
    import(&t, ImportKind::People, "contacts.csv", google, "Google Contacts export").await;
    let old_google = "Name,Given Name,Additional Name,Family Name,Yomi Name,Given Name Yomi,Additional Name Yomi,Family Name Yomi,Name Prefix,Name Suffix,Initials,Nickname,Short Name,Maiden Name,Birthday,Gender,Location,Billing Information,Directory Server,Mileage,Occupation,Hobby,Sensitivity,Priority,Subject,Notes,Language,Photo,Group Membership,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Organization 1 - Type,Organization 1 - Name,Organization 1 - Yomi Name,Organization 1 - Title,Organization 1 - Department\n\
        Li Wei,Li,,Wei,,,,,,,,,,,,,,,,,,,,,,,,,* myContacts,* Work,li.wei@acme.example,Work,+44 20 7946 0999,,Acme Ltd,,Engineer,Support\n";
    import(&t, ImportKind::People, "google.csv", old_google, "Google Contacts export").await;
    assert_eq!(
        people(&t).await,
        vec![
            "Li | Wei | Engineer | Support |  | +44 20 7946 0999 |  | li.wei@acme.example | Acme Ltd |  | ",
            "Marco | Rossi | Buyer | Acquisti |  | +39 333 1234567 |  | marco@nowhere.example | text: Nowhere SpA | Via Roma 1 | Milano",
            "Renée | Zöllner | Head of IT | IT |  | 0117 496 0000 | 07700 900001 | renee@acme.example | Acme Ltd | 5 Mill Lane | Bristol",
        ]
    );
    let _ = acme;
}

#[tokio::test]
async fn psa_exports_bring_sites_and_their_contacts() {
    let t = TestCore::with_me().await;
    // ITFlow's clients export: the client with its primary location.
    let itflow = "Client Name,Industry,Referral,Website,Primary Location Name,Location Phone,Location Address,City,State,Postal Code,Country,Primary Contact Name,Title,Contact Phone,Extension,Contact Mobile,Contact Email,Hourly Rate,Currency,Payment Terms,Tax ID,Abbreviation\n\
        Riverside Clinic,Healthcare,,riverside.example,HQ,555-0100,\"200 River Rd, Suite 5\",Springfield,IL,62701,USA,Dr. Amy Ng,Practice Manager,555-0101,12,555-0199,amy@riverside.example,125.00,USD,30,,RVC\n";
    // The client's primary contact comes with it.
    let p = import(&t, ImportKind::Organizations, "clients.csv", itflow, "ITFlow clients export").await;
    assert_eq!((p.summary.create, p.summary.contacts_create), (1, 1));
    // The same file as people finds that contact again.
    let path = write(&t, "clients-again.csv", itflow);
    let again = t.import().preview(&path, ImportOptions::new(ImportKind::People)).await.unwrap();
    assert_eq!((again.summary.create, again.summary.skip), (0, 1), "{:?}", again.rows);
    // HaloPSA's sites: each names its client by name, which becomes its parent.
    let halo = "Client Name,Site Name,Main Site,Address Line 1,Address Line 2,Postcode,Phone,Email\n\
        riverside clinic,Riverside East Wing,No,1 East Rd,,62702,555-0200,\n";
    import(&t, ImportKind::Organizations, "sites.csv", halo, "HaloPSA sites export").await;
    // Syncro: customers carry an id that contacts refer to.
    let customers = "id,firstname,lastname,email,address,address_2,city,state,zip,phone,mobile_phone,office_phone,home_phone,fax_phone,other_phone,get_sms,location_id,business_name,created_at,updated_at,referred_by,notes,disabled\n\
        9001,Pat,Lee,office@lakeside.example,9 Lake Dr,Unit 2,Madison,WI,53703,555-0300,,,,,,true,,Lakeside Vets,2024-01-01,2024-02-01,,Gate code at front desk,false\n";
    import(&t, ImportKind::Organizations, "customers.csv", customers, "Syncro customers export").await;
    let contacts = "customer_id,contact_id,name,title,email,phone,extension,mobile,address1,address2,city,state,zip,notes,direct_report,ticket_matching_emails\n\
        9001,77,Sam Ortiz,Vet Tech,sam@lakeside.example,555-0301,4,,,,,,,,,\n";
    import(&t, ImportKind::People, "contacts.csv", contacts, "Syncro contacts export").await;
    assert_eq!(
        orgs(&t).await,
        vec![
            " | Riverside Clinic |  | 200 River Rd, Suite 5 |  | Springfield | IL | 62701 | USA | 555-0100 |  | riverside.example",
            " | Riverside East Wing | Riverside Clinic | 1 East Rd |  |  |  | 62702 |  | 555-0200 |  | ",
            "9001 | Lakeside Vets |  | 9 Lake Dr | Unit 2 | Madison | WI | 53703 |  | 555-0300 | office@lakeside.example | ",
        ]
    );
    assert_eq!(
        people(&t).await,
        vec![
            "Amy | Ng | Practice Manager |  |  | 555-0101 | 555-0199 | amy@riverside.example | Riverside Clinic |  | ",
            "Pat | Lee |  |  |  |  |  |  | Lakeside Vets |  | ",
            "Sam | Ortiz | Vet Tech |  |  | 555-0301 |  | sam@lakeside.example | Lakeside Vets |  | ",
        ]
    );
    // ITFlow's contacts export names its client only in the file name, squashed to ASCII
    // letters and digits: its people belong to that client.
    let itflow_contacts = "Name,Title,Department,Email,Phone,Ext,Mobile,Location\n\
        Raj Patel,Nurse,Clinical,raj@riverside.example,555-0102,14,,HQ\n";
    import(
        &t,
        ImportKind::People,
        "RiversideClinic-Contacts-2026-11-30.csv",
        itflow_contacts,
        "ITFlow contacts export of Riverside Clinic (from the file name)",
    )
    .await;
    let raj = people(&t).await.into_iter().find(|p| p.starts_with("Raj")).unwrap();
    assert_eq!(
        raj,
        "Raj | Patel | Nurse | Clinical | HQ | 555-0102 |  | raj@riverside.example | Riverside Clinic |  | "
    );
    // Renamed, the file says nothing of its client: the person has no organization.
    let other = "Name,Title,Department,Email,Phone,Ext,Mobile,Location\nRavi Shah,Porter,,ravi@riverside.example,,,,\n";
    import(&t, ImportKind::People, "contacts.csv", other, "ITFlow contacts export").await;
    let ravi = people(&t).await.into_iter().find(|p| p.starts_with("Ravi")).unwrap();
    assert_eq!(ravi, "Ravi | Shah | Porter |  |  |  |  | ravi@riverside.example |  |  | ");
}

/// Every known export's real header row is recognised as that export (and no other), and its
/// name, account and company columns land where that export means them.
#[test]
fn every_known_export_is_told_apart_by_its_headers() {
    use fieldbook_core::import::Target::{self, *};
    use fieldbook_core::import::mapping::{auto_map, recognise};
    /// An export's name, its header row, the kind imported and where some columns go.
    type Case = (&'static str, &'static str, ImportKind, &'static [(&'static str, Target)]);
    let cases: &[Case] = &[
        (
            "Xero contacts export",
            "*ContactName,AccountNumber,EmailAddress,FirstName,LastName,POAttentionTo,POAddressLine1,POCity,SAAddressLine1,SACity,PhoneNumber,LegalName",
            ImportKind::Organizations,
            &[
                ("*ContactName", Name),
                ("AccountNumber", AccountNumber),
                ("POAddressLine1", AddressLine1),
                ("SAAddressLine1", Ignore),
                ("LegalName", AppendToNotes),
            ],
        ),
        (
            "QuickBooks Desktop customer list",
            ",Active Status,Customer,Balance,Balance Total,Company,Mr./Ms./...,First Name,M.I.,Last Name,Primary Contact,Main Phone,Fax,Alt. Phone,Secondary Contact,Job Title,Main Email,Bill to 1,Bill to 2,Bill to 3,Bill to 4,Bill to 5,Ship to 1,Ship to 2,Ship to 3,Ship to 4,Ship to 5,Customer Type,Terms,Rep,Sales Tax Code,Tax item,Resale Num,Account No.,Credit Limit",
            ImportKind::People,
            &[
                ("Company", Company),
                ("First Name", FirstName),
                ("Job Title", JobTitle),
                ("Main Email", Email),
                ("Account No.", Ignore),
            ],
        ),
        (
            "QuickBooks Online customer list",
            "Customer,Company name,Street Address,City,State,Country,Zip,Phone,Email,Attachments,Open Balance,Notes",
            ImportKind::Organizations,
            &[
                ("Customer", Name),
                ("Company name", Ignore),
                ("Street Address", AddressLine1),
                ("Zip", PostalCode),
            ],
        ),
        (
            "Sage 50 customer list",
            "Customer ID,Customer Name,Bill to Contact,Bill to Address-Line One,Bill to Address-Line Two,Bill to City,Bill to State,Bill to Zip Code,Bill to Country,Telephone 1,E-mail,Customer Web Site,Inactive",
            ImportKind::Organizations,
            &[
                ("Customer ID", AccountNumber),
                ("Customer Name", Name),
                ("Bill to Address-Line One", AddressLine1),
                ("Bill to City", City),
                ("Bill to Zip Code", PostalCode),
                ("Telephone 1", Phone),
                ("Inactive", Archived),
            ],
        ),
        (
            "Sage 50 customer export",
            "Account Reference,Account Name,Street 1,Street 2,Town,County,Post Code,Contact Name,Telephone,Fax,Email,Web Address,VAT Number",
            ImportKind::Organizations,
            &[
                ("Account Reference", AccountNumber),
                ("Account Name", Name),
                ("Street 1", AddressLine1),
                ("Town", City),
                ("County", Region),
                ("Web Address", Website),
            ],
        ),
        (
            "Sage Accounting contacts export",
            "Name,Reference,Contact Name,Email,Telephone,Mobile,Website,Address Line 1,Address Line 2,Town / City,County / State,Postcode,Country,VAT Number",
            ImportKind::Organizations,
            &[
                ("Name", Name),
                ("Reference", AccountNumber),
                ("Town / City", City),
                ("County / State", Region),
            ],
        ),
        (
            "FreshBooks clients export",
            "Organization,First Name,Last Name,Email,Phone,Mobile,Fax,Street,Street2,City,Province/State,Country,Postal Code,Notes",
            ImportKind::People,
            &[("Organization", Company), ("First Name", FirstName), ("Province/State", Region)],
        ),
        (
            "Zoho Books contacts export",
            "Contact ID,Contact Name,Display Name,Company Name,Salutation,First Name,Last Name,EmailID,Phone,MobilePhone,Website,Billing Attention,Billing Address,Billing Street2,Billing City,Billing State,Billing Country,Billing Code,Shipping Address,Shipping City,Designation",
            ImportKind::Organizations,
            &[
                ("Contact Name", Name),
                ("EmailID", Email),
                ("Billing Address", AddressLine1),
                ("Billing Street2", AddressLine2),
                ("Billing Code", PostalCode),
                ("Shipping City", Ignore),
            ],
        ),
        (
            "HubSpot companies export",
            "Record ID,Company name,Company Domain Name,Create Date,Company owner,Phone Number,Street Address,Street Address 2,City,State/Region,Postal Code,Country/Region,Industry,Website URL,Parent Company",
            ImportKind::Organizations,
            &[
                ("Company name", Name),
                ("Street Address 2", AddressLine2),
                ("State/Region", Region),
                ("Country/Region", Country),
                ("Website URL", Website),
                ("Parent Company", ParentAccount),
            ],
        ),
        (
            "HubSpot contacts export",
            "Record ID,First Name,Last Name,Email,Phone Number,Mobile Phone Number,Job Title,Company Name,Street Address,City,State/Region,Postal Code,Country/Region,Associated Company,Associated Company IDs",
            ImportKind::People,
            &[("Associated Company", Company), ("Company Name", Ignore), ("Mobile Phone Number", Mobile)],
        ),
        (
            "Salesforce accounts export",
            "Id,Name,AccountNumber,ParentId,Type,Industry,Phone,Fax,Website,BillingStreet,BillingCity,BillingState,BillingPostalCode,BillingCountry,ShippingStreet,ShippingCity,Description",
            ImportKind::Organizations,
            &[
                ("Name", Name),
                ("AccountNumber", AccountNumber),
                ("ParentId", Ignore),
                ("BillingStreet", AddressLine1),
                ("ShippingStreet", Ignore),
                ("Description", Notes),
            ],
        ),
        (
            "Salesforce contacts export",
            "Id,AccountId,Salutation,FirstName,LastName,Title,Department,Email,Phone,MobilePhone,HomePhone,MailingStreet,MailingCity,OtherStreet,OtherCity",
            ImportKind::People,
            &[
                ("Title", JobTitle),
                ("MobilePhone", Mobile),
                ("MailingStreet", AddressLine1),
                ("OtherStreet", Ignore),
                ("AccountId", Ignore),
            ],
        ),
        (
            "Pipedrive organizations export",
            "Organization - ID,Organization - Name,Organization - Owner,Organization - Label,Organization - Address,Organization - City/town/village/locality of Address,Organization - ZIP/Postal code of Address,Organization - Country of Address,Organization - Website",
            ImportKind::Organizations,
            &[
                ("Organization - Name", Name),
                ("Organization - Address", AddressLine1),
                ("Organization - City/town/village/locality of Address", City),
                ("Organization - ZIP/Postal code of Address", PostalCode),
            ],
        ),
        (
            "Pipedrive people export",
            "Person - ID,Person - Name,Person - First name,Person - Last name,Person - Organization,Person - Email - Work,Person - Email - Home,Person - Phone - Work,Person - Phone - Mobile",
            ImportKind::People,
            &[
                ("Person - Name", FullName),
                ("Person - Organization", Company),
                ("Person - Email - Work", Email),
                ("Person - Phone - Mobile", Mobile),
            ],
        ),
        (
            "Zoho CRM accounts export",
            "Record Id,Account Owner,Account Owner.id,Account Name,Phone,Website,Account Number,Parent Account,Parent Account.id,Billing Street,Billing City,Billing State,Billing Code,Billing Country,Shipping Street,Description",
            ImportKind::Organizations,
            &[
                ("Account Name", Name),
                ("Account Number", AccountNumber),
                ("Parent Account", ParentAccount),
                ("Parent Account.id", Ignore),
                ("Billing Code", PostalCode),
            ],
        ),
        (
            "Zoho CRM contacts export",
            "Record Id,Contact Owner,Salutation,First Name,Last Name,Full Name,Account Name,Account Name.id,Title,Department,Email,Mobile,Mailing Street,Mailing City,Mailing Zip",
            ImportKind::People,
            &[("Account Name", Company), ("Title", JobTitle), ("Mailing Zip", PostalCode)],
        ),
        (
            "Odoo contacts export",
            "Name,Is a Company,Related Company,Company,Street,Street2,City,State,Zip,Country,Email,Phone,Mobile,Job Position,Title,Website,Tax ID,Reference",
            ImportKind::People,
            &[
                ("Name", FullName),
                ("Related Company", Company),
                ("Company", Ignore),
                ("Job Position", JobTitle),
                ("Title", Ignore),
            ],
        ),
        (
            "ITFlow clients export",
            "Client Name,Industry,Referral,Website,Primary Address,Contact Name,Contact Phone,Extension,Contact Mobile,Contact Email,Creation Date",
            ImportKind::Organizations,
            &[
                ("Client Name", Name),
                ("Primary Address", AddressLine1),
                ("Contact Name", ContactFullName),
                ("Contact Email", ContactEmail),
            ],
        ),
        (
            "ITFlow contacts export",
            "Name,Title,Department,Email,Phone,Ext,Mobile,Location",
            ImportKind::People,
            &[("Name", FullName), ("Title", JobTitle), ("Location", Location)],
        ),
        (
            "Autotask organizations export",
            "Organization ID (updates only),Name*,Number,Address 1,Address 2,City,State,Zip Code,Country,Additional Address Information,Phone*,Alternate Phone 1,Fax,Web,Type,Parent Organization",
            ImportKind::Organizations,
            &[
                ("Name*", Name),
                ("Number", AccountNumber),
                ("Address 1", AddressLine1),
                ("Web", Website),
                ("Parent Organization", ParentAccount),
            ],
        ),
        (
            "Autotask contacts export",
            "Organization ID*,Organization Name*,Contact ID (updates only),External ID,Prefix,First Name,Middle Initial,Last Name,Suffix,Title,Email Address,Phone,Extension,Mobile Phone",
            ImportKind::People,
            &[("Organization Name*", Company), ("Title", JobTitle), ("Organization ID*", Ignore)],
        ),
        (
            "ConnectWise companies export",
            "Company ID,Company Name,Address Line 1,Address Line 2,City,State,Zip,Country,Phone,Website,Status,Type,Territory",
            ImportKind::Organizations,
            &[("Company ID", AccountNumber), ("Company Name", Name)],
        ),
        (
            "HaloPSA users export",
            "Client Name,Site Name,Name,Surname,Email Address,Phone,Mobile,Job Title",
            ImportKind::People,
            &[("Client Name", Company), ("Site Name", Location), ("Name", FirstName), ("Surname", LastName)],
        ),
        (
            "Syncro customers export",
            "id,firstname,lastname,email,address,address_2,city,state,zip,phone,mobile_phone,get_sms,business_name,notes,disabled",
            ImportKind::Organizations,
            &[
                ("id", AccountNumber),
                ("business_name", Name),
                ("firstname", ContactFirstName),
                ("address_2", AddressLine2),
            ],
        ),
        (
            "Outlook contacts export",
            "Title,First Name,Middle Name,Last Name,Suffix,Company,Department,Job Title,Business Street,Business City,Home Street,Home City,Business Phone,Mobile Phone,E-mail Address,E-mail 2 Address,Office Location",
            ImportKind::Organizations,
            &[
                ("Company", Name),
                ("Business Street", AddressLine1),
                ("Home Street", Ignore),
                ("Business Phone", Phone),
                ("E-mail Address", Ignore),
            ],
        ),
    ];
    for (name, header, kind, expect) in cases {
        let headers: Vec<String> = header.split(',').map(str::to_owned).collect();
        assert_eq!(recognise(&headers).map(|e| e.name), Some(*name), "{header}");
        let mapping = auto_map(*kind, &headers);
        for (column, target) in *expect {
            let i = headers.iter().position(|h| h == column).unwrap_or_else(|| panic!("{name}: {column}"));
            assert_eq!(mapping[i], *target, "{name}: {column}");
        }
    }
    // A plain list is no known export.
    let plain: Vec<String> = ["Name", "City", "Phone"].map(str::to_owned).to_vec();
    assert_eq!(recognise(&plain).map(|e| e.name), None);
}

#[tokio::test]
async fn an_odoo_export_mixing_companies_and_people_imports_both_and_undo_takes_both() {
    let t = TestCore::with_me().await;
    // Odoo's contacts export: companies and their people in one file, "Company" being the Odoo
    // company that owns the record (not the employer), people before or after their company.
    let file = "Name,Is a Company,Related Company,Company,Street,Street2,City,State,Zip,Country,Email,Phone,Mobile,Job Position,Title,Website,Tax ID,Reference\n\
        \"Azure Interior, Brandon Freeman\",False,Azure Interior,My Company (San Francisco),,,,,,,brandon.freeman55@example.com,(355)-687-3262,,Creative Director,Mister,,,\n\
        Azure Interior,True,,My Company (San Francisco),4557 De Silva St,,Fremont,California (US),94538,United States,azure.Interior24@example.com,(870)-931-0505,,,,http://www.azure-interior.com,,AZ-1\n\
        Azure Interior Fremont,True,Azure Interior,My Company (San Francisco),12 Bay Rd,,Fremont,,94538,United States,,,,,,,,AZ-2\n\
        Colleen Diaz,False,Azure Interior,,,,,,,,colleen.diaz83@example.com,,+1 555 0133,Business Executive,Madam,,,\n\
        Lone Freelancer,False,,,,,,,,,lone@example.com,,,,,,,\n\
        Ghost Person,False,Nobody Inc,,,,,,,,ghost@example.com,,,,,,,\n\
        Broken Co,True,,,,,,,,,not-an-email,,,,,,,BR-1\n\
        Worker Bee,False,Broken Co,,,,,,,,bee@example.com,,,,,,,\n";
    let path = write(&t, "res_partner.csv", file);
    let options = ImportOptions::new(ImportKind::Organizations);
    let p = t.import().preview(&path, options.clone()).await.unwrap();
    assert_eq!(p.recognised.as_deref(), Some("Odoo contacts export"));
    assert_eq!(
        (p.summary.create, p.summary.contacts_create, p.summary.errors),
        (5, 3, 3),
        "two companies and three people; {:?}",
        p.errors
    );
    let errors: Vec<String> = p.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        errors,
        vec![
            "Row 7, column “Related Company”: Parent “Nobody Inc” was not found in the file or in Fieldbook (as an account number or a name).",
            "Row 8, column “Email”: “not-an-email” is not an email address.",
            "Row 9, column “Related Company”: Parent “Broken Co” is the organization of row 8, which has an error.",
        ]
    );
    let request = ApplyRequest { options, file_sha256: p.file_sha256.clone(), expected: p.summary };
    t.import().apply(&path, request, &t.me().await, &|_| {}, &AtomicBool::new(false)).await.unwrap();
    assert_eq!(
        orgs(&t).await,
        vec![
            "AZ-1 | Azure Interior |  | 4557 De Silva St |  | Fremont | California (US) | 94538 | United States | (870)-931-0505 | azure.Interior24@example.com | http://www.azure-interior.com",
            "AZ-2 | Azure Interior Fremont | Azure Interior | 12 Bay Rd |  | Fremont |  | 94538 | United States |  |  | ",
        ]
    );
    assert_eq!(
        people(&t).await,
        vec![
            "Brandon | Freeman | Creative Director |  |  | (355)-687-3262 |  | brandon.freeman55@example.com | Azure Interior |  | ",
            "Colleen | Diaz | Business Executive |  |  |  | +1 555 0133 | colleen.diaz83@example.com | Azure Interior |  | ",
            "Lone | Freelancer |  |  |  |  |  | lone@example.com |  |  | ",
        ]
    );
    t.import().undo_last(&t.me().await).await.unwrap();
    assert!(orgs(&t).await.is_empty() && people(&t).await.is_empty());
}

#[tokio::test]
async fn a_cell_with_several_addresses_keeps_the_first_and_notes_the_others() {
    let t = TestCore::with_me().await;
    let path = write(
        &t,
        "companies.csv",
        "Company,Email,Phone\nAcme Ltd,office@acme.example ::: billing@acme.example ::: it@acme.example,0113 496 0000\n",
    );
    let options = ImportOptions::new(ImportKind::Organizations);
    let preview = t.import().preview(&path, options.clone()).await.unwrap();
    assert!(preview.errors.is_empty(), "{:?}", preview.errors);
    let request =
        ApplyRequest { options, file_sha256: preview.file_sha256.clone(), expected: preview.summary };
    t.import().apply(&path, request, &t.me().await, &|_| {}, &AtomicBool::new(false)).await.unwrap();
    let acme = &t.organizations().list(OrganizationFilter::default()).await.unwrap()[0];
    assert_eq!(acme.email.as_deref(), Some("office@acme.example"));
    assert_eq!(acme.notes.as_deref(), Some("Email: billing@acme.example, it@acme.example"));
}

#[tokio::test]
async fn quickbooks_jobs_become_sites_of_their_customers() {
    let t = TestCore::with_me().await;
    let header = ",Active Status,Customer,Balance,Balance Total,Company,Mr./Ms./...,First Name,M.I.,Last Name,Primary Contact,Main Phone,Fax,Alt. Phone,Secondary Contact,Job Title,Main Email,Bill to 1,Bill to 2,Bill to 3,Bill to 4,Bill to 5,Ship to 1,Ship to 2,Ship to 3,Ship to 4,Ship to 5,Customer Type,Terms,Rep,Sales Tax Code,Tax item,Resale Num,Account No.,Credit Limit";
    // A job reads "Customer:Job"; two customers each have a "Kitchen remodel", and a job can come
    // before its customer.
    let rows = [
        ",Active,Acme Builders:Kitchen remodel,0.00,0.00,Acme Builders,,,,,,555-0101,,,,,,,,,,,,,,,,,,,,,,,",
        ",Active,Acme Builders,0.00,0.00,Acme Builders,,Ann,,Lee,Ann Lee,555-0100,,,,Owner,ann@acme.example,,,,,,,,,,,,,,,,,A-1,",
        ",Active,Baker & Sons,0.00,0.00,Baker & Sons,,,,,,555-0200,,,,,,,,,,,,,,,,,,,,,,B-1,",
        ",Active,Baker & Sons:Kitchen remodel,0.00,0.00,Baker & Sons,,,,,,555-0201,,,,,,,,,,,,,,,,,,,,,,,",
    ];
    let file = format!("{header}\n{}\n", rows.join("\n"));
    let p = import(&t, ImportKind::Organizations, "customers.csv", &file, "QuickBooks Desktop customer list")
        .await;
    assert_eq!((p.summary.create, p.summary.errors), (4, 0));
    let lines: Vec<String> =
        orgs(&t).await.iter().map(|l| l.split(" | ").take(3).collect::<Vec<_>>().join(" | ")).collect();
    assert_eq!(
        lines,
        vec![
            " | Kitchen remodel | Acme Builders",
            " | Kitchen remodel | Baker & Sons",
            "A-1 | Acme Builders | ",
            "B-1 | Baker & Sons | ",
        ]
    );
    // The same file again finds every job under its own customer: nothing new.
    let path = write(&t, "customers-again.csv", &file);
    let again = t.import().preview(&path, ImportOptions::new(ImportKind::Organizations)).await.unwrap();
    assert_eq!(
        (again.summary.create, again.summary.update, again.summary.errors),
        (0, 0, 0),
        "{:?}",
        again.rows
    );
}

#[tokio::test]
async fn an_address_book_imported_as_organizations_gives_each_company_once() {
    let t = TestCore::with_me().await;
    let google = "First Name,Middle Name,Last Name,Organization Name,Organization Title,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value\n\
        Marco,,Rossi,Nowhere SpA,Buyer,* Work,marco@nowhere.example,Mobile,+39 333 1234567\n\
        Giulia,,Bianchi,Nowhere SpA,CFO,* Work,giulia@nowhere.example,,\n\
        Aunt,,May,,,* Home,may@example.com,,\n\
        Li,,Wei,Acme Ltd,Engineer,* Work,li@acme.example,,\n";
    let p = import(&t, ImportKind::Organizations, "contacts.csv", google, "Google Contacts export").await;
    assert_eq!((p.summary.create, p.summary.skip, p.summary.errors), (2, 2, 0));
    let messages: Vec<Option<String>> = p.rows.iter().map(|r| r.message.clone()).collect();
    assert_eq!(
        messages,
        vec![
            None,
            Some("The same company as row 2 (an address book has a row per person).".into()),
            Some("No company in this row.".into()),
            None,
        ]
    );
    let names: Vec<String> =
        orgs(&t).await.iter().map(|l| l.split(" | ").nth(1).unwrap().to_owned()).collect();
    assert_eq!(names, vec!["Acme Ltd", "Nowhere SpA"]);
}

#[tokio::test]
async fn a_pipedrive_address_typed_on_one_line_keeps_its_street() {
    let t = TestCore::with_me().await;
    let file = "Organization - ID,Organization - Name,Organization - Owner,Organization - People,Organization - Address,Organization - Apartment/suite no of Address,Organization - House number of Address,Organization - Street/road name of Address,Organization - City/town/village/locality of Address,Organization - State/county of Address,Organization - ZIP/Postal code of Address,Organization - Country of Address,Organization - Website,Organization - Label\n\
        7,Nordlicht GmbH,Kim Lee,2,\"Hauptstraße 5, 10115 Berlin, Deutschland\",,5,Hauptstraße,Berlin,Berlin,10115,Deutschland,nordlicht.example,Hot lead\n\
        8,Prairie Supply,Kim Lee,1,\"Unit 5, 12 Main St, Springfield, IL 62701, USA\",Unit 5,12,Main St,Springfield,Illinois,62701,United States,,\n";
    import(&t, ImportKind::Organizations, "organizations.csv", file, "Pipedrive organizations export").await;
    assert_eq!(
        orgs(&t).await,
        vec![
            " | Nordlicht GmbH |  | Hauptstraße 5 |  | Berlin | Berlin | 10115 | Deutschland |  |  | nordlicht.example",
            " | Prairie Supply |  | Unit 5, 12 Main St |  | Springfield | Illinois | 62701 | United States |  |  | ",
        ]
    );
}
