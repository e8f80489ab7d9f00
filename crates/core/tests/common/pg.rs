//! A throwaway PostgreSQL server for the team-server tests (the recipe in DESIGN.md): initdb in a
//! temp folder owned by the `postgres` user (PostgreSQL refuses to run as root), started on a free
//! port on 127.0.0.1 with its socket in that folder, stopped when dropped. Without PostgreSQL the
//! tests skip loudly, and fail under the test command (FIELDBOOK_PG_REQUIRED).

use std::path::PathBuf;
use std::process::Command;

pub struct PgServer {
    dir: tempfile::TempDir,
    bindir: PathBuf,
    port: u16,
    as_postgres: bool,
}

const REQUIRED: &str = "FIELDBOOK_PG_REQUIRED";

fn skip(why: &str) -> Option<PgServer> {
    if std::env::var_os(REQUIRED).is_some() {
        panic!("PostgreSQL tests cannot run: {why}");
    }
    eprintln!("\n*** PostgreSQL tests SKIPPED: {why}. `cargo xtask test` installs PostgreSQL. ***\n");
    None
}

impl PgServer {
    pub fn start() -> Option<Self> {
        Self::start_inner(false)
    }

    /// A server that speaks TLS with a certificate for 127.0.0.1 from a test CA (its PEM file is
    /// [`PgServer::ca_file`]); [`PgServer::other_ca_file`] is a CA that did not sign it.
    pub fn start_tls() -> Option<Self> {
        Self::start_inner(true)
    }

    pub fn ca_file(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    pub fn other_ca_file(&self) -> PathBuf {
        self.dir.path().join("other-ca.pem")
    }

    fn start_inner(tls: bool) -> Option<Self> {
        let Ok(out) = Command::new("pg_config").arg("--bindir").output() else {
            return skip("pg_config is not installed");
        };
        let bindir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if !bindir.join("initdb").exists() {
            return skip("initdb is not installed (apt-get install postgresql)");
        }
        let uid =
            Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
        let as_postgres = uid.unwrap_or(false);
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("pw"), "pw").unwrap();
        if tls {
            make_certificates(dir.path());
        }
        let server = Self { dir, bindir, port: free_port(), as_postgres };
        if as_postgres {
            let status =
                Command::new("chown").args(["-R", "postgres"]).arg(server.dir.path()).status().unwrap();
            assert!(status.success(), "chown to postgres failed");
        }
        let data = server.dir.path().join("data");
        server.run(
            "initdb",
            &[
                "-D",
                data.to_str().unwrap(),
                "-A",
                "scram-sha-256",
                &format!("--pwfile={}", server.dir.path().join("pw").display()),
                "-U",
                "fieldbook_admin",
                "--no-sync",
            ],
        );
        let mut options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            server.port,
            server.dir.path().display()
        );
        if tls {
            let dir = server.dir.path().display();
            options.push_str(&format!(
                " -c ssl=on -c ssl_cert_file={dir}/server.pem -c ssl_key_file={dir}/server.key"
            ));
        }
        server.run(
            "pg_ctl",
            &[
                "-D",
                data.to_str().unwrap(),
                "-l",
                server.dir.path().join("log").to_str().unwrap(),
                "-w",
                "-o",
                &options,
                "start",
            ],
        );
        Some(server)
    }

    fn run(&self, program: &str, args: &[&str]) {
        let binary = self.bindir.join(program);
        let output = if self.as_postgres {
            Command::new("runuser").args(["-u", "postgres", "--"]).arg(&binary).args(args).output()
        } else {
            Command::new(&binary).args(args).output()
        }
        .unwrap_or_else(|e| panic!("{program} did not run: {e}"));
        assert!(
            output.status.success(),
            "{program} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// The server's log file.
    pub fn log_file(&self) -> PathBuf {
        self.dir.path().join("log")
    }

    /// Everything database `db` holds, as `pg_dump` writes it (schema and data, as text).
    pub fn dump(&self, db: &str) -> String {
        let output = Command::new(self.bindir.join("pg_dump"))
            .arg(self.url(db))
            .output()
            .unwrap_or_else(|e| panic!("pg_dump did not run: {e}"));
        assert!(output.status.success(), "pg_dump failed: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// The address of database `db` as the admin user.
    pub fn url(&self, db: &str) -> String {
        format!("postgres://fieldbook_admin:pw@127.0.0.1:{}/{db}", self.port)
    }

    /// Creates an empty database and returns its address.
    pub async fn database(&self, name: &str) -> String {
        use sqlx::Connection;
        let mut admin = sqlx::PgConnection::connect(&self.url("postgres")).await.unwrap();
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
            .execute(&mut admin)
            .await
            .unwrap();
        admin.close().await.unwrap();
        self.url(name)
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        let data = self.dir.path().join("data");
        let binary = self.bindir.join("pg_ctl");
        let args = ["-D", data.to_str().unwrap_or_default(), "-m", "immediate", "stop"];
        let _ = if self.as_postgres {
            Command::new("runuser").args(["-u", "postgres", "--"]).arg(&binary).args(args).output()
        } else {
            Command::new(&binary).args(args).output()
        };
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A test CA, a server certificate it signed for 127.0.0.1, and an unrelated CA (openssl).
fn make_certificates(dir: &std::path::Path) {
    let run = |args: &[&str]| {
        let out = Command::new("openssl").args(args).current_dir(dir).output().expect("openssl did not run");
        assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    };
    for (key, pem, name) in
        [("ca.key", "ca.pem", "Fieldbook Test CA"), ("other-ca.key", "other-ca.pem", "Someone Else's CA")]
    {
        run(&[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            key,
            "-out",
            pem,
            "-days",
            "2",
            "-subj",
            &format!("/CN={name}"),
        ]);
    }
    run(&[
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        "/CN=127.0.0.1",
    ]);
    std::fs::write(dir.join("ext.cnf"), "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n").unwrap();
    run(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "ext.cnf",
    ]);
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir.join("server.key"), std::fs::Permissions::from_mode(0o600)).unwrap();
}
