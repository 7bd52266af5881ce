//! The database schema: one ordered list of migrations for the whole app, because every
//! component shares the SQLite database `default`. Append new versions; never edit one that
//! has shipped.

use crate::migrations::Migration;

/// Every migration, in order.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "audit_log",
        before: &[],
        statements: &[
            "CREATE TABLE audit_log (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            object TEXT NOT NULL,
            data TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL UNIQUE
        )",
            "CREATE INDEX audit_log_object ON audit_log (object, seq)",
        ],
    },
    Migration {
        version: 2,
        name: "idempotency_keys",
        before: &[],
        statements: &[
            "CREATE TABLE idempotency_keys (
            scope TEXT NOT NULL,
            key TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            status INTEGER NOT NULL,
            content_type TEXT NOT NULL,
            body BLOB NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (scope, key)
        )",
            "CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at)",
        ],
    },
    Migration {
        version: 3,
        name: "accounts",
        before: &[],
        statements: &[
            "CREATE TABLE units (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            created_at TEXT NOT NULL
        )",
            "CREATE TABLE users (
            id TEXT PRIMARY KEY,
            first_name TEXT NOT NULL,
            last_name TEXT NOT NULL,
            email TEXT NOT NULL UNIQUE,
            phone TEXT,
            unit_id TEXT NOT NULL REFERENCES units (id),
            roles TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'active',
            password_hash TEXT,
            must_change_password INTEGER NOT NULL DEFAULT 1,
            start_password_expires_at TEXT,
            locked_until TEXT,
            locked_permanent INTEGER NOT NULL DEFAULT 0,
            lock_reason TEXT,
            lock_streak INTEGER NOT NULL DEFAULT 0,
            lock_generation INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            last_login_at TEXT,
            search TEXT NOT NULL
        )",
            "CREATE INDEX users_unit ON users (unit_id)",
            "CREATE TABLE login_failures (
            user_id TEXT NOT NULL,
            at_ms INTEGER NOT NULL
        )",
            "CREATE INDEX login_failures_user ON login_failures (user_id, at_ms)",
            "CREATE TABLE incidents (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            severity TEXT NOT NULL,
            status TEXT NOT NULL,
            title TEXT NOT NULL,
            description TEXT NOT NULL,
            account_id TEXT,
            reporter TEXT NOT NULL,
            owner_id TEXT,
            personal_data INTEGER NOT NULL DEFAULT 0,
            report_deadline TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )",
            "CREATE INDEX incidents_status ON incidents (status, id)",
            "CREATE TABLE incident_notes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            incident_id TEXT NOT NULL REFERENCES incidents (id),
            at TEXT NOT NULL,
            author TEXT NOT NULL,
            text TEXT NOT NULL
        )",
            "CREATE INDEX incident_notes_incident ON incident_notes (incident_id, id)",
            "CREATE TABLE password_resets (
            id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users (id),
            reason TEXT NOT NULL,
            delivery TEXT NOT NULL,
            status TEXT NOT NULL,
            requested_by TEXT,
            requested_at TEXT NOT NULL,
            decided_by TEXT,
            decided_at TEXT,
            decision_reason TEXT,
            token_hash TEXT UNIQUE,
            code_hash TEXT,
            code_attempts INTEGER NOT NULL DEFAULT 0,
            expires_at TEXT,
            letter_printed_at TEXT,
            handover TEXT,
            incident_id TEXT NOT NULL REFERENCES incidents (id),
            completed_at TEXT
        )",
            "CREATE INDEX password_resets_status ON password_resets (status, id)",
            "CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            channel TEXT NOT NULL,
            recipient TEXT NOT NULL,
            subject TEXT NOT NULL,
            body TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending',
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at_ms INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            sent_at TEXT,
            last_error TEXT
        )",
            "CREATE INDEX outbox_due ON outbox (status, next_attempt_at_ms)",
        ],
    },
    Migration {
        version: 4,
        name: "council",
        before: &[],
        statements: &[
            "CREATE TABLE meetings (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            number TEXT NOT NULL,
            kind TEXT NOT NULL,
            state TEXT NOT NULL,
            starts_at TEXT NOT NULL,
            location TEXT NOT NULL,
            video_url TEXT,
            statutory_members INTEGER NOT NULL,
            chair_id TEXT,
            limit_normal INTEGER NOT NULL,
            limit_ad_vocem INTEGER NOT NULL,
            limit_formal_motion INTEGER NOT NULL,
            allow_vote_change INTEGER NOT NULL DEFAULT 0,
            list_open INTEGER NOT NULL DEFAULT 1,
            current_item_id TEXT,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            opened_at TEXT,
            closed_at TEXT
        )",
            "CREATE INDEX meetings_starts ON meetings (starts_at, id)",
            "CREATE TABLE meeting_members (
            session_id TEXT NOT NULL REFERENCES meetings (id),
            user_id TEXT NOT NULL REFERENCES users (id),
            position INTEGER NOT NULL,
            PRIMARY KEY (session_id, user_id)
        ) WITHOUT ROWID",
            "CREATE INDEX meeting_members_user ON meeting_members (user_id)",
            "CREATE TABLE agenda_items (
            id TEXT PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES meetings (id),
            position INTEGER NOT NULL,
            title TEXT NOT NULL,
            description TEXT,
            created_at TEXT NOT NULL
        )",
            "CREATE INDEX agenda_items_session ON agenda_items (session_id, position)",
            "CREATE TABLE attachments (
            id TEXT PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES meetings (id),
            item_id TEXT NOT NULL REFERENCES agenda_items (id),
            filename TEXT NOT NULL,
            content_type TEXT NOT NULL,
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            data BLOB NOT NULL,
            uploaded_by TEXT NOT NULL,
            uploaded_at TEXT NOT NULL
        )",
            "CREATE INDEX attachments_item ON attachments (item_id, uploaded_at)",
            "CREATE TABLE attendance (
            session_id TEXT NOT NULL REFERENCES meetings (id),
            user_id TEXT NOT NULL,
            mode TEXT NOT NULL,
            since TEXT NOT NULL,
            set_by TEXT NOT NULL,
            PRIMARY KEY (session_id, user_id)
        ) WITHOUT ROWID",
            "CREATE TABLE floor_requests (
            id TEXT PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES meetings (id),
            user_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            pos INTEGER NOT NULL,
            state TEXT NOT NULL,
            requested_at TEXT NOT NULL,
            resolved_at TEXT
        )",
            "CREATE INDEX floor_requests_queue ON floor_requests (session_id, state, pos)",
            "CREATE TABLE speeches (
            id TEXT PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES meetings (id),
            request_id TEXT,
            user_id TEXT,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            item_id TEXT,
            started_at TEXT NOT NULL,
            limit_s INTEGER NOT NULL,
            ended_at TEXT
        )",
            "CREATE INDEX speeches_session ON speeches (session_id, started_at)",
            "CREATE TABLE polls (
            id TEXT PRIMARY KEY,
            session_id TEXT NOT NULL REFERENCES meetings (id),
            item_id TEXT,
            title TEXT NOT NULL,
            kind TEXT NOT NULL,
            majority TEXT NOT NULL,
            options TEXT NOT NULL,
            time_limit_s INTEGER,
            state TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            opened_at TEXT,
            closes_at TEXT,
            closed_at TEXT,
            override_reason TEXT,
            entitled INTEGER NOT NULL DEFAULT 0,
            voted INTEGER NOT NULL DEFAULT 0,
            result TEXT,
            audit_hash TEXT
        )",
            "CREATE INDEX polls_session ON polls (session_id, created_at)",
            "CREATE TABLE poll_voters (
            poll_id TEXT NOT NULL REFERENCES polls (id),
            user_id TEXT NOT NULL,
            name TEXT NOT NULL,
            voted_at TEXT,
            PRIMARY KEY (poll_id, user_id)
        ) WITHOUT ROWID",
            "CREATE TABLE votes (
            poll_id TEXT NOT NULL REFERENCES polls (id),
            user_id TEXT NOT NULL,
            choice TEXT NOT NULL,
            receipt TEXT NOT NULL,
            cast_at TEXT NOT NULL,
            PRIMARY KEY (poll_id, user_id)
        ) WITHOUT ROWID",
            "CREATE TABLE ballots (
            poll_id TEXT NOT NULL REFERENCES polls (id),
            ballot_id TEXT NOT NULL,
            choice TEXT NOT NULL,
            receipt TEXT NOT NULL,
            PRIMARY KEY (poll_id, ballot_id)
        ) WITHOUT ROWID",
        ],
    },
    Migration {
        version: 5,
        name: "wal_and_account_directory",
        // The journal mode is stored in the file, so every connection that opens it later —
        // Spin's, ours, a backup tool's — gets WAL: readers never wait for the writer and a
        // commit is one append. `synchronous` stays SQLite's default (FULL), so an
        // acknowledged vote survives a crash.
        before: &["PRAGMA journal_mode=WAL"],
        statements: &[
            // The accounts that other components may read: who, by name, and whether active.
            // The auth component owns `users`; others read only this view
            // (`ratusz_platform::accounts_view`), never the table with its secrets.
            "CREATE VIEW account_directory AS
             SELECT id, first_name, last_name, first_name || ' ' || last_name AS display_name,
                    status = 'active' AS active
             FROM users",
        ],
    },
    Migration {
        version: 6,
        name: "secrets_at_rest",
        before: &[],
        statements: &[
            // Messages are sealed from now on (`platform::sealed`); what was sent before keeps
            // no address and no text, and what is still pending is wiped once sent.
            "ALTER TABLE outbox ADD COLUMN sealed TEXT",
            "UPDATE outbox SET recipient = '', subject = '', body = '' WHERE status <> 'pending'",
            // Stored answers are sealed under the client's key from now on; the old plaintext
            // ones (a day's replay cache, votes included) are dropped.
            "DELETE FROM idempotency_keys",
        ],
    },
    Migration {
        version: 7,
        name: "contact_changed_by",
        before: &[],
        statements: &[
            // Who last changed an account's contact data (the phone the reset's SMS code goes
            // to) and when: that person may not approve its `email_sms` reset (four eyes,
            // `contact_changed_by_approver`). Empty for accounts unchanged since creation.
            "ALTER TABLE users ADD COLUMN contact_changed_by TEXT",
            "ALTER TABLE users ADD COLUMN contact_changed_at TEXT",
            // Earlier changes are taken from the audit chain: the last profile edit that gave a
            // phone (an edit that repeated the same number counts too — it errs towards four eyes).
            "UPDATE users SET (contact_changed_by, contact_changed_at) = (
             SELECT actor, at FROM audit_log
             WHERE object = 'user:' || users.id AND action = 'user_updated'
               AND data LIKE '%\"phone\":%'
             ORDER BY seq DESC LIMIT 1)",
        ],
    },
    Migration {
        version: 8,
        name: "audit_checkpoints",
        before: &[],
        statements: &[
            // Signed checkpoints of the audit chain (docs/api/operations.md § Audit
            // checkpoints). Not entries of the chain: an entry would move the head it signs.
            // The public key is kept per row so a page can show it without the secret.
            "CREATE TABLE audit_checkpoints (
            id INTEGER PRIMARY KEY,
            sequence INTEGER NOT NULL,
            head_hash TEXT NOT NULL,
            at TEXT NOT NULL,
            key_id TEXT NOT NULL,
            public_key TEXT NOT NULL,
            signature TEXT NOT NULL
        )",
            "CREATE INDEX audit_checkpoints_sequence ON audit_checkpoints (sequence, id)",
        ],
    },
    Migration {
        version: 9,
        name: "maintenance_windows",
        before: &[],
        statements: &[
            // Owned by `auth` (docs/api/operations.md § Maintenance windows). The guard never
            // reads this table: it reads the KV document `d:maintenance:schedule` rebuilt
            // from it (`platform::maintenance`).
            "CREATE TABLE maintenance_windows (
            id TEXT PRIMARY KEY,
            starts_at TEXT NOT NULL,
            ends_at TEXT NOT NULL,
            reason TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            cancelled_at TEXT,
            cancelled_by TEXT
        )",
            "CREATE INDEX maintenance_windows_ends ON maintenance_windows (ends_at, starts_at)",
            // The meetings other components may read (voting owns `meetings`): what the
            // maintenance rules need to keep a window off a meeting, nothing more
            // (`platform::meetings_view`).
            "CREATE VIEW meeting_calendar AS
             SELECT id, title, number, state, starts_at FROM meetings",
        ],
    },
    Migration {
        version: 10,
        name: "chat",
        before: &[],
        statements: &[
            // The council's chat, owned by `messaging` (docs/api/messaging.md). Message texts,
            // attachment names and bodies are sealed (`platform::sealed`); search goes through
            // keyed word tokens, so no plaintext word of a message is stored.
            "CREATE TABLE chat_conversations (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            title TEXT,
            direct_pair TEXT UNIQUE,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            last_activity_at TEXT NOT NULL
        )",
            // One council-wide channel.
            "CREATE UNIQUE INDEX chat_conversations_one_council ON chat_conversations (kind)
             WHERE kind = 'council'",
            "CREATE INDEX chat_conversations_activity ON chat_conversations (last_activity_at, id)",
            // `seq`: the chat change number at which the member joined or last moved the read
            // marker (the updates cursor sees marker moves from another device).
            "CREATE TABLE chat_members (
            conversation_id TEXT NOT NULL REFERENCES chat_conversations (id),
            user_id TEXT NOT NULL,
            read_up_to TEXT,
            seq INTEGER NOT NULL,
            joined_at TEXT NOT NULL,
            PRIMARY KEY (conversation_id, user_id)
        ) WITHOUT ROWID",
            "CREATE INDEX chat_members_user ON chat_members (user_id, conversation_id)",
            // `body` is the sealed text (NULL once deleted). `created_seq` and `change_seq`
            // are chat change numbers: the updates poll reads what changed after its cursor.
            "CREATE TABLE chat_messages (
            id TEXT PRIMARY KEY,
            conversation_id TEXT NOT NULL REFERENCES chat_conversations (id),
            author_id TEXT NOT NULL,
            body TEXT,
            reply_to TEXT,
            created_at TEXT NOT NULL,
            edited_at TEXT,
            deleted_at TEXT,
            created_seq INTEGER NOT NULL,
            change_seq INTEGER NOT NULL
        )",
            "CREATE INDEX chat_messages_conversation ON chat_messages (conversation_id, id)",
            "CREATE INDEX chat_messages_change ON chat_messages (conversation_id, change_seq)",
            "CREATE INDEX chat_messages_created ON chat_messages (created_at)",
            "CREATE TABLE chat_mentions (
            message_id TEXT NOT NULL,
            user_id TEXT NOT NULL,
            conversation_id TEXT NOT NULL,
            PRIMARY KEY (message_id, user_id)
        ) WITHOUT ROWID",
            "CREATE INDEX chat_mentions_user ON chat_mentions (user_id, conversation_id, message_id)",
            // `name` and `body` sealed; `message_id` NULL until a message takes it (purged
            // by the tick an hour after upload otherwise).
            "CREATE TABLE chat_attachments (
            id TEXT PRIMARY KEY,
            conversation_id TEXT NOT NULL REFERENCES chat_conversations (id),
            uploader_id TEXT NOT NULL,
            message_id TEXT,
            name TEXT NOT NULL,
            content_type TEXT NOT NULL,
            size INTEGER NOT NULL,
            body TEXT NOT NULL,
            created_at TEXT NOT NULL
        )",
            "CREATE INDEX chat_attachments_message ON chat_attachments (message_id)",
            "CREATE INDEX chat_attachments_unused ON chat_attachments (created_at)
             WHERE message_id IS NULL",
            // The keyed word index: `token` is `<kid>.<HMAC-SHA256 of the normalised word>`
            // under a key derived from the data key `kid`.
            "CREATE TABLE chat_words (
            token TEXT NOT NULL,
            message_id TEXT NOT NULL,
            conversation_id TEXT NOT NULL,
            PRIMARY KEY (token, message_id)
        ) WITHOUT ROWID",
            "CREATE INDEX chat_words_message ON chat_words (message_id)",
            // The one chat change counter (a single row, bumped inside each writing
            // transaction).
            "CREATE TABLE chat_counter (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            seq INTEGER NOT NULL
        )",
            "INSERT INTO chat_counter (id, seq) VALUES (1, 0)",
            // Who may chat is who holds a role, and the council-wide channel is every
            // councillor, chair and clerk: the view gains the stored roles (comma-separated
            // wire names), still without anything secret.
            "DROP VIEW account_directory",
            "CREATE VIEW account_directory AS
             SELECT id, first_name, last_name, first_name || ' ' || last_name AS display_name,
                    status = 'active' AS active, roles
             FROM users",
        ],
    },
    Migration {
        version: 11,
        name: "notify_recipients",
        before: &[],
        statements: &[
            // Owned by `notify` (docs/api/notifications.md). The city's districts (osiedla of
            // Siedlce) are seeded so the form works from the first start; staff add and rename
            // them through the districts endpoints. A district is not personal: thousands
            // live in each, and it carries the anonymous counts.
            "CREATE TABLE notify_districts (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            created_at TEXT NOT NULL
        )",
            "INSERT INTO notify_districts (id, name, created_at) VALUES
             ('01JZDSTRCT0000000000000001', 'Centrum', '2026-12-06T00:00:00.000Z'),
             ('01JZDSTRCT0000000000000002', 'Stare Miasto', '2026-12-06T00:00:00.000Z'),
             ('01JZDSTRCT0000000000000003', 'Nowe Siedlce', '2026-12-06T00:00:00.000Z'),
             ('01JZDSTRCT0000000000000004', 'Błonie', '2026-12-06T00:00:00.000Z'),
             ('01JZDSTRCT0000000000000005', 'Roskosz', '2026-12-06T00:00:00.000Z'),
             ('01JZDSTRCT0000000000000006', 'Piaski Zamiejskie', '2026-12-06T00:00:00.000Z'),
             ('01JZDSTRCT0000000000000007', 'Warszawska', '2026-12-06T00:00:00.000Z')",
            // Every personal field is sealed in its own column (`v1.<kid>.<nonce>.<ct>` under
            // `resident_data_keys`, bound to the recipient id and the field name); NULL when
            // not given or erased. E-mail and phone also have a blind index (HMAC-SHA256 under
            // `resident_index_key`, hex) for exact look-ups; `seal_kid` / `index_kid` name the
            // keys of the row, so a rotation finds what it has left. No plaintext personal
            // column: what stays after erasure (id, district, states, times) is anonymous.
            "CREATE TABLE notify_recipients (
            id TEXT PRIMARY KEY,
            first_name TEXT,
            last_name TEXT,
            birth_date TEXT,
            sex TEXT,
            street TEXT,
            house_number TEXT,
            postal_code TEXT,
            email TEXT,
            phone TEXT,
            ade_address TEXT,
            email_index TEXT UNIQUE,
            phone_index TEXT UNIQUE,
            seal_kid TEXT,
            index_kid TEXT,
            district_id TEXT NOT NULL REFERENCES notify_districts (id),
            channels TEXT NOT NULL,
            verification TEXT NOT NULL,
            suspended_at TEXT,
            suspended_until TEXT,
            consent_state TEXT NOT NULL,
            consent_version TEXT NOT NULL,
            consent_given_at TEXT NOT NULL,
            consent_withdrawn_at TEXT,
            consent_document_state TEXT NOT NULL,
            consent_signed_at TEXT,
            consent_archived_at TEXT,
            registered_by TEXT NOT NULL,
            registered_by_account TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            erased_at TEXT
        )",
            "CREATE INDEX notify_recipients_created ON notify_recipients (created_at, id)",
            "CREATE INDEX notify_recipients_district ON notify_recipients (district_id, created_at, id)",
            "CREATE INDEX notify_recipients_seal_kid ON notify_recipients (seal_kid)",
            // One live validation code per recipient, stored as HMAC only.
            "CREATE TABLE notify_codes (
            recipient_id TEXT PRIMARY KEY REFERENCES notify_recipients (id),
            code_mac TEXT NOT NULL,
            channel TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            failures INTEGER NOT NULL DEFAULT 0,
            burned_at TEXT,
            created_at TEXT NOT NULL
        )",
            // When codes went out (3 per recipient per hour); pruned after an hour.
            "CREATE TABLE notify_code_sends (
            recipient_id TEXT NOT NULL,
            sent_at TEXT NOT NULL
        )",
            "CREATE INDEX notify_code_sends_recipient ON notify_code_sends (recipient_id, sent_at)",
            // One bound device per recipient: only the SHA-256 of its token; the label the
            // person gave is sealed like their data.
            "CREATE TABLE notify_devices (
            recipient_id TEXT PRIMARY KEY REFERENCES notify_recipients (id),
            token_hash TEXT NOT NULL UNIQUE,
            label TEXT,
            push_subscription TEXT,
            bound_at TEXT NOT NULL,
            last_seen_at TEXT
        )",
            // A staff erasure waiting for a second `notifier_admin` (the reason is sealed:
            // staff may write personal details in it).
            "CREATE TABLE notify_erasure_requests (
            recipient_id TEXT PRIMARY KEY REFERENCES notify_recipients (id),
            requested_by TEXT NOT NULL,
            requested_at TEXT NOT NULL,
            reason TEXT NOT NULL
        )",
            // Key rotations: progress of the batches the tick drives.
            "CREATE TABLE notify_key_rotations (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            target_seal_kid TEXT NOT NULL,
            target_index_kid TEXT NOT NULL,
            total INTEGER NOT NULL,
            done INTEGER NOT NULL DEFAULT 0,
            finished_at TEXT
        )",
        ],
    },
    Migration {
        version: 12,
        name: "push_subscriptions",
        before: &[],
        statements: &[
            // Staff accounts' Web Push subscriptions (`platform::push::subscriptions`): the
            // endpoint and keys are sealed under `data_keys`, bound to the row id; nothing
            // else about the browser is kept.
            "CREATE TABLE push_subscriptions (
            id TEXT PRIMARY KEY,
            account_id TEXT NOT NULL,
            sealed TEXT NOT NULL,
            created_at TEXT NOT NULL
        )",
            "CREATE INDEX push_subscriptions_account ON push_subscriptions (account_id, created_at)",
        ],
    },
    Migration {
        version: 13,
        name: "notify_recipients_by_district",
        before: &[],
        statements: &[
            // The staff list's district pass (name and age filters) reads a district newest
            // first by id in batches; `(district_id, created_at, id)` did not give that order,
            // so every batch sorted the rest of the district in a temp B-tree. Only residents
            // with data are listed or counted by district, so erased rows stay out of it.
            "DROP INDEX IF EXISTS notify_recipients_district",
            "CREATE INDEX notify_recipients_district_id ON notify_recipients (district_id, id)
             WHERE erased_at IS NULL",
        ],
    },
    Migration {
        version: 14,
        name: "notify_recipients_withdrawn",
        before: &[],
        statements: &[
            // The registry's tick erases residents whose consent was withdrawn more than
            // `notify_withdrawn_days` ago, oldest withdrawal first, a batch per tick: only the
            // few withdrawn and not yet erased rows are in this index, so the tick never scans
            // the registry.
            "CREATE INDEX notify_recipients_withdrawn ON notify_recipients (consent_withdrawn_at, id)
             WHERE consent_withdrawn_at IS NOT NULL AND erased_at IS NULL",
        ],
    },
    Migration {
        version: 15,
        name: "notify_key_rotations_cursor",
        before: &[],
        statements: &[
            // Where the running rotation's pass over the registry stands (the last recipient
            // id a batch reached; NULL: the next batch starts a pass from the first id), so a
            // resident whose values no key opens is passed over instead of stalling the rest.
            "ALTER TABLE notify_key_rotations ADD COLUMN cursor TEXT",
        ],
    },
    Migration {
        version: 16,
        name: "notify_quiet_hours_and_push_subscriptions",
        before: &[],
        statements: &[
            // A resident's quiet hours (docs/api/notifications-messages.md), sealed under
            // `resident_data_keys` like the other personal columns; NULL (every row before
            // this migration) means the default 22:00-07:00.
            "ALTER TABLE notify_recipients ADD COLUMN quiet_hours TEXT",
            // The bound device's Web Push subscription (one per device, sealed; unbinding or
            // a new binding deletes the device row and with it the subscription) is
            // `notify_devices.push_subscription`, there since migration 11: adding it again
            // failed every fresh database ("duplicate column name"), so no database has this
            // migration applied with that statement.
        ],
    },
    Migration {
        version: 17,
        name: "notify_reports",
        before: &[],
        statements: &[
            // Residents' reports (zgłoszenia, docs/api/notifications-messages.md § Reports).
            // `description` and `location` (JSON) are sealed under `resident_data_keys`, bound
            // to the report id and the column; category, status and times are not personal.
            "CREATE TABLE notify_reports (
            id TEXT PRIMARY KEY,
            recipient_id TEXT NOT NULL REFERENCES notify_recipients (id),
            category TEXT NOT NULL,
            status TEXT NOT NULL,
            description TEXT NOT NULL,
            location TEXT,
            photo_id TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )",
            // A resident's own reports, newest first.
            "CREATE INDEX notify_reports_recipient ON notify_reports (recipient_id, id)",
            // The staff's queue: new ones first, then the rest, oldest first within each.
            "CREATE INDEX notify_reports_queue ON notify_reports ((status <> 'new'), id)",
            "CREATE INDEX notify_reports_status ON notify_reports (status, id)",
            // Photos, sealed (the bytes in one AEAD value, bound to the photo id), uploaded
            // before the report that names them; one not used within the hour is purged by
            // the tick (`report_id IS NULL` rows only are in the index).
            "CREATE TABLE notify_report_photos (
            id TEXT PRIMARY KEY,
            recipient_id TEXT NOT NULL REFERENCES notify_recipients (id),
            report_id TEXT REFERENCES notify_reports (id),
            content_type TEXT NOT NULL,
            size INTEGER NOT NULL,
            body TEXT NOT NULL,
            created_at TEXT NOT NULL
        )",
            "CREATE INDEX notify_report_photos_pending ON notify_report_photos (created_at)
             WHERE report_id IS NULL",
            // Each report's history, oldest first: a status move's note and a reply's text
            // are sealed (bound to the report id and the step); `by_account` is the staff
            // member (NULL: the resident); `message_id` the message that carried a reply.
            "CREATE TABLE notify_report_history (
            report_id TEXT NOT NULL REFERENCES notify_reports (id),
            seq INTEGER NOT NULL,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            status TEXT,
            text TEXT,
            by_account TEXT,
            message_id TEXT,
            PRIMARY KEY (report_id, seq)
        )",
        ],
    },
    Migration {
        version: 18,
        name: "notify_messages",
        before: &[],
        statements: &[
            // Messages to residents (docs/api/notifications-messages.md). `title` and `text`
            // are sealed under `data_keys`, bound to the message id (an individual message may
            // be personal); `audience` is the wire JSON (an `individuals` audience lists
            // pseudonymous recipient ids). `audience_cursor` is the last recipient id the
            // counting reached, so a tick resumes where the previous one stopped.
            "CREATE TABLE notify_messages (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            category TEXT NOT NULL,
            link TEXT,
            channels TEXT NOT NULL,
            audience TEXT NOT NULL,
            public INTEGER NOT NULL,
            state TEXT NOT NULL,
            send_at TEXT,
            template_id TEXT,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            started_at TEXT,
            finished_at TEXT,
            cancelled_at TEXT,
            cancelled_by TEXT,
            audience_state TEXT NOT NULL,
            audience_count INTEGER NOT NULL DEFAULT 0,
            audience_cursor TEXT
        )",
            // The staff list (newest first, optionally by state) and the tick's due ones.
            "CREATE INDEX notify_messages_state ON notify_messages (state, id)",
            "CREATE INDEX notify_messages_due ON notify_messages (state, send_at)",
            // The public news feed: messages to everyone once sending started.
            "CREATE INDEX notify_messages_news ON notify_messages (started_at, id) WHERE public = 1",
            // One delivery per recipient and channel: ids, states and times only, never an
            // address or a text (both are opened and filled at the moment of sending).
            "CREATE TABLE notify_deliveries (
            id TEXT PRIMARY KEY,
            message_id TEXT NOT NULL REFERENCES notify_messages (id),
            recipient_id TEXT NOT NULL,
            channel TEXT NOT NULL,
            state TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_at TEXT NOT NULL,
            leased_until TEXT,
            first_attempt_at TEXT,
            sent_at TEXT,
            updated_at TEXT NOT NULL
        )",
            // The drain: due queued deliveries of one channel.
            "CREATE INDEX notify_deliveries_drain ON notify_deliveries (state, channel, next_at)",
            // A message's deliveries by channel and state (cancel, the cancelled sweep).
            "CREATE INDEX notify_deliveries_progress ON notify_deliveries (message_id, channel, state)",
            // What was sent to one resident (their messages).
            "CREATE INDEX notify_deliveries_recipient ON notify_deliveries (recipient_id, message_id)",
            // Progress counts per message, channel and state, kept in the same transactions
            // as the deliveries' moves: a progress read is a few rows, not a count over
            // 100,000 recipients x 4 channels (docs/decisions.md).
            "CREATE TABLE notify_delivery_counts (
            message_id TEXT NOT NULL,
            channel TEXT NOT NULL,
            state TEXT NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY (message_id, channel, state)
        ) WITHOUT ROWID",
        ],
    },
    Migration {
        version: 19,
        name: "notify_templates",
        before: &[],
        statements: &[
            // Message templates (docs/api/notifications-messages.md): written for many before
            // any recipient is chosen; placeholders are filled only at delivery and never
            // stored here, so title and text are kept as written (docs/decisions.md).
            // `name_key` is the name in Unicode lower case: a name is unique whatever its case.
            // `channels` holds wire names separated by commas.
            "CREATE TABLE notify_templates (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            category TEXT NOT NULL,
            link TEXT,
            channels TEXT NOT NULL,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )",
        ],
    },
    Migration {
        version: 20,
        name: "notify_consent_withdrawn_by",
        before: &[],
        statements: &[
            // Who withdrew a resident's consent: NULL the resident from their bound device,
            // else the staff account that recorded it in the office. The tick erases only the
            // residents' own withdrawals; one recorded by staff opens an erasure request that
            // a second `notifier_admin` confirms (docs/decisions.md), so no one person can
            // have a resident erased. Giving consent again clears it with the time.
            "ALTER TABLE notify_recipients ADD COLUMN consent_withdrawn_by TEXT",
            // The tick's look-up reads only the residents' own withdrawals: staff-recorded
            // ones wait for their second person and would otherwise sit, oldest first, in
            // front of every batch.
            "DROP INDEX IF EXISTS notify_recipients_withdrawn",
            "CREATE INDEX notify_recipients_withdrawn_own ON notify_recipients (consent_withdrawn_at, id)
             WHERE consent_withdrawn_at IS NOT NULL AND erased_at IS NULL
               AND consent_withdrawn_by IS NULL",
        ],
    },
    Migration {
        version: 21,
        name: "notify_report_photos_seal_kid",
        before: &[],
        statements: &[
            // The key id a photo's body is sealed under (`v1.<kid>.…`): the key rotation and
            // the counts per key read it instead of the body (up to ~13 MiB of text), which
            // SQLite would read whole for a `substr`.
            "ALTER TABLE notify_report_photos ADD COLUMN seal_kid TEXT",
            "UPDATE notify_report_photos
             SET seal_kid = substr(body, 4, instr(substr(body, 4), '.') - 1)",
            // Covering the rotation's look-up of photos under another key (with their sizes)
            // and the counts per key: the new column lies after the body in the row, so
            // reading it from the table would walk the body's overflow pages.
            "CREATE INDEX notify_report_photos_seal ON notify_report_photos (seal_kid, id, size)",
        ],
    },
];
