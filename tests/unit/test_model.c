/*
 * Unit tests of the schema stage: YAML text -> model_build(), asserting the
 * rule, the position and the defaults it fills in.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "diag.h"
#include "model.h"
#include "yaml_load.h"

struct fixture {
	struct arena	*a;
	struct diags	 d;
	struct cluster	*cl;
};

static const char base[] =
    "cluster: shop\n"
    "postgres: {version: 15}\n"
    "platform: rhel\n"
    "replication:\n"
    "  user: replica\n"
    "  password: {env: PW}\n"
    "nodes:\n"
    "  - name: pg1\n"
    "    role: primary\n"
    "    address: 192.168.0.10\n"
    "  - name: pg2\n"
    "    role: standby\n"
    "    address: 192.168.0.11\n";

static struct fixture *
build(const char *text)
{
	static struct fixture	 f;
	struct ynode		*root;

	f.a = arena_new();
	diags_init(&f.d, f.a);
	root = yaml_load_string(f.a, "t.yaml", text, strlen(text), &f.d);
	assert_non_null(root);
	f.cl = model_build(f.a, root, "t.yaml", &f.d);
	diags_sort(&f.d);
	return &f;
}

/* base with the line at `after` replaced by repl (line numbers from 1). */
static const char *
edit(struct arena *a, unsigned line, const char *repl)
{
	static char	 buf[4096];
	const char	*p = base;
	size_t		 n = 0;

	(void)a;
	for (unsigned l = 1; *p != '\0'; l++) {
		const char	*e = strchr(p, '\n');
		size_t		 len = (size_t)(e - p) + 1;

		if (l == line) {
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s", repl);
		} else {
			memcpy(buf + n, p, len);
			n += len;
		}
		p = e + 1;
	}
	buf[n] = '\0';
	return buf;
}

static const struct diag *
find_rule(const struct diags *d, const char *rule)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].rule != NULL && strcmp(d->v[i].rule, rule) == 0)
			return &d->v[i];
	return NULL;
}

static void
done(struct fixture *f)
{
	arena_free(f->a);
}

static void
test_valid_base(void **state)
{
	struct fixture	*f = build(base);

	(void)state;
	assert_int_equal(f->d.n, 0);
	assert_non_null(f->cl);
	assert_int_equal(f->cl->version, 15);
	assert_int_equal(f->cl->nnodes, 2);
	assert_ptr_equal(f->cl->primary, &f->cl->nodes[0]);
	assert_ptr_equal(f->cl->nodes[1].upstream, &f->cl->nodes[0]);
	assert_int_equal(f->cl->nodes[0].nchildren, 1);
	assert_int_equal(f->cl->nodes[1].depth, 1);
	/* RHEL defaults, as in the seed. */
	assert_string_equal(f->cl->nodes[1].data_directory,
	    "/var/lib/pgsql/15/data");
	assert_string_equal(f->cl->nodes[1].bin_directory, "/usr/pgsql-15/bin");
	assert_string_equal(f->cl->nodes[1].service, "postgresql-15");
	assert_string_equal(f->cl->nodes[1].os_user, "postgres");
	assert_string_equal(f->cl->nodes[1].passfile,
	    "/var/lib/pgsql/15/pgpair-shop.pgpass");
	assert_string_equal(f->cl->nodes[1].subnet, "192.168.0.11/32");
	assert_int_equal(f->cl->nodes[1].port, 5432);
	done(f);
}

static void
test_unknown_key_suggests(void **state)
{
	struct fixture		*f = build(edit(NULL, 13,
	    "    adress: 192.168.0.11\n"));
	const struct diag	*dg;

	(void)state;
	dg = find_rule(&f->d, "cluster-unknown-key");
	assert_non_null(dg);
	assert_int_equal(dg->pos.line, 13);
	assert_int_equal(dg->pos.col, 5);
	assert_non_null(strstr(dg->msg, "did you mean \"address\""));
	/* And the node now lacks its address. */
	assert_non_null(find_rule(&f->d, "cluster-missing"));
	assert_null(f->cl);
	done(f);
}

static void
test_plaintext_password(void **state)
{
	struct fixture		*f = build(edit(NULL, 6,
	    "  password: replica\n"));
	const struct diag	*dg;

	(void)state;
	dg = find_rule(&f->d, "cluster-plaintext-password");
	assert_non_null(dg);
	assert_int_equal(dg->pos.line, 6);
	assert_int_equal(dg->pos.col, 13);
	assert_int_equal(dg->level, LEVEL_ERROR);
	done(f);
}

static void
test_version_range(void **state)
{
	struct fixture		*f = build(edit(NULL, 2,
	    "postgres: {version: 11}\n"));
	const struct diag	*dg;

	(void)state;
	dg = find_rule(&f->d, "cluster-version");
	assert_non_null(dg);
	assert_int_equal(dg->pos.line, 2);
	assert_int_equal(dg->pos.col, 21);
	done(f);

	f = build(edit(NULL, 2, "postgres: {version: 18}\n"));
	assert_null(find_rule(&f->d, "cluster-version"));
	assert_non_null(f->cl);
	done(f);

	f = build(edit(NULL, 2, "postgres: {version: \"15.4\"}\n"));
	assert_non_null(find_rule(&f->d, "cluster-version"));
	done(f);
}

static void
test_wrong_type(void **state)
{
	struct fixture		*f;
	const struct diag	*dg;

	(void)state;
	f = build("cluster: shop\npostgres: {version: 15}\n"
	    "replication: {user: replica, password: {env: PW}}\n"
	    "nodes: pg1\n");
	dg = find_rule(&f->d, "cluster-type");
	assert_non_null(dg);
	assert_int_equal(dg->pos.line, 4);
	assert_int_equal(dg->pos.col, 8);
	assert_non_null(strstr(dg->msg, "must be a list"));
	done(f);
}

static void
test_unsafe_values(void **state)
{
	static const char *const bad[] = {
		"  - name: \"pg 1\"\n",
		"  - name: \"$(reboot)\"\n",
		"  - name: \"pg1'; drop\"\n",
		"  - name: PG1\n",
	};
	struct fixture	*f;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		f = build(edit(NULL, 8, bad[i]));
		assert_non_null(find_rule(&f->d, "cluster-value"));
		assert_null(f->cl);
		done(f);
	}
	f = build(edit(NULL, 13, "    address: \"10.0.0.1; rm -rf /\"\n"));
	assert_non_null(find_rule(&f->d, "cluster-value"));
	done(f);
	f = build(edit(NULL, 13, "    address: 300.1.1.1\n"));
	assert_non_null(find_rule(&f->d, "cluster-value"));
	done(f);
	f = build(edit(NULL, 13, "    address: db2.example.com\n    subnet: 10.1.2.0/24\n"));
	assert_int_equal(f->d.n, 0);
	assert_int_equal(f->cl->nodes[1].addr_kind, ADDR_HOSTNAME);
	done(f);
}

static void
test_subnet(void **state)
{
	struct fixture		*f;
	const struct diag	*dg;

	(void)state;
	f = build(edit(NULL, 13, "    address: 192.168.0.11\n    subnet: 192.168.0.11/24\n"));
	dg = find_rule(&f->d, "cluster-value");
	assert_non_null(dg);
	assert_int_equal(dg->pos.line, 14);
	assert_non_null(strstr(dg->msg, "host bits"));
	assert_non_null(dg->hint);
	assert_non_null(strstr(dg->hint, "192.168.0.0/24"));
	done(f);
	f = build(edit(NULL, 13, "    address: 192.168.0.11\n    subnet: 192.168.0.0/33\n"));
	assert_non_null(find_rule(&f->d, "cluster-value"));
	done(f);
	f = build(edit(NULL, 13, "    address: fd00::11\n    subnet: fd00::/64\n"));
	assert_int_equal(f->d.n, 0);
	assert_string_equal(f->cl->nodes[1].subnet, "fd00::/64");
	done(f);
}

static void
test_port(void **state)
{
	struct fixture	*f;

	(void)state;
	f = build(edit(NULL, 13, "    address: 192.168.0.11\n    port: 70000\n"));
	assert_non_null(find_rule(&f->d, "cluster-value"));
	done(f);
	f = build(edit(NULL, 13, "    address: 192.168.0.11\n    port: five\n"));
	assert_non_null(find_rule(&f->d, "cluster-type"));
	done(f);
	f = build(edit(NULL, 13, "    address: 192.168.0.11\n    port: 5433\n"));
	assert_int_equal(f->d.n, 0);
	assert_int_equal(f->cl->nodes[1].port, 5433);
	done(f);
}

static void
test_settings(void **state)
{
	struct fixture		*f;
	const struct diag	*dg;
	const struct node	*n;
	const char		*v;

	(void)state;
	f = build(edit(NULL, 13, "    address: 192.168.0.11\n"
	    "    settings: {hot_standby_feedback: true, max_connections: 200}\n"
	    "settings:\n  max_connections: 100\n  hot_standby_feedback: off\n"));
	assert_int_equal(f->d.n, 0);
	n = &f->cl->nodes[1];
	/* YAML booleans become on/off; the node's value wins. */
	assert_string_equal(model_setting(f->cl, n, "hot_standby_feedback",
	    NULL), "on");
	assert_string_equal(model_setting(f->cl, n, "max_connections", NULL),
	    "200");
	assert_string_equal(model_setting(f->cl, &f->cl->nodes[0],
	    "max_connections", NULL), "100");
	/* conf: merged, with what pgpair adds, sorted. */
	v = NULL;
	for (size_t i = 0; i < n->conf.n; i++)
		if (strcmp(n->conf.v[i].name, "port") == 0)
			v = n->conf.v[i].value;
	assert_non_null(v);
	assert_string_equal(v, "5432");
	for (size_t i = 1; i < n->conf.n; i++)
		assert_true(strcmp(n->conf.v[i - 1].name, n->conf.v[i].name) < 0);
	done(f);

	f = build(edit(NULL, 13, "    address: 192.168.0.11\n"
	    "    settings: {port: 5433}\n"));
	dg = find_rule(&f->d, "cluster-value");
	assert_non_null(dg);
	assert_int_equal(dg->pos.line, 14);
	assert_non_null(strstr(dg->msg, "node's port"));
	done(f);

	f = build(edit(NULL, 13, "    address: 192.168.0.11\n"
	    "    settings: {max_conections: 5}\n"));
	dg = find_rule(&f->d, "conf-unknown-parameter");
	assert_non_null(dg);
	assert_int_equal(dg->pos.line, 14);
	assert_int_equal(dg->pos.col, 16);
	done(f);

	f = build(edit(NULL, 13, "    address: 192.168.0.11\n"
	    "    settings: {shared_buffers: 1gb}\n"));
	dg = find_rule(&f->d, "conf-invalid-value");
	assert_non_null(dg);
	assert_int_equal(dg->pos.line, 14);
	assert_int_equal(dg->pos.col, 32);
	done(f);
}

/* The replication line of node name's subnet in v, or NULL. */
static const struct hba_entry *
repl_line(const struct hba_entry *v, size_t n, const char *subnet)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].database, "replication") == 0 &&
		    v[i].address != NULL && strcmp(v[i].address, subnet) == 0)
			return &v[i];
	return NULL;
}

static void
test_hba_generated(void **state)
{
	struct fixture		*f = build(base);
	const struct hba_entry	*v, *h;
	size_t			 n;

	(void)state;
	n = model_node_hba(f->a, f->cl, &f->cl->nodes[0], &v);
	h = repl_line(v, n, "192.168.0.11/32");
	assert_non_null(h);
	assert_string_equal(h->user, "replica");
	assert_string_equal(h->method, "scram-sha-256");
	assert_string_equal(h->comment, "replication from pg2");
	assert_null(repl_line(v, n, "192.168.0.10/32"));
	/* And the standby admits the primary, for after a failover. */
	n = model_node_hba(f->a, f->cl, &f->cl->nodes[1], &v);
	assert_non_null(repl_line(v, n, "192.168.0.10/32"));
	assert_null(repl_line(v, n, "192.168.0.11/32"));
	done(f);
}

/*
 * A node whose subnet an earlier node's covers has no line of its own
 * where that line is (it would never apply): its name joins that line's
 * comment; in the covering node's own file, it has its line.
 */
static void
test_hba_nested_subnets(void **state)
{
	struct fixture		*f;
	const struct hba_entry	*v, *h;
	size_t			 n;

	(void)state;
	f = build(edit(NULL, 13, "    address: 192.168.0.11\n"
	    "    subnet: 192.168.0.0/24\n"
	    "  - {name: pg3, role: standby, address: 192.168.0.12}\n"
	    "  - {name: pg4, role: standby, address: 192.168.0.13,"
	    " subnet: 192.168.0.0/24}\n"
	    "  - {name: pg5, role: standby, address: 10.0.0.5}\n"));
	n = model_node_hba(f->a, f->cl, &f->cl->nodes[0], &v);
	h = repl_line(v, n, "192.168.0.0/24");
	assert_non_null(h);
	assert_string_equal(h->comment, "replication from pg2, pg3, pg4");
	assert_null(repl_line(v, n, "192.168.0.12/32"));
	assert_non_null(repl_line(v, n, "10.0.0.5/32"));
	/* pg2's file: pg3 has its line, pg4's /24 takes nobody else */
	n = model_node_hba(f->a, f->cl, &f->cl->nodes[1], &v);
	assert_string_equal(repl_line(v, n, "192.168.0.12/32")->comment,
	    "replication from pg3");
	assert_string_equal(repl_line(v, n, "192.168.0.0/24")->comment,
	    "replication from pg4");
	/* pg4's file: pg2's /24 covers pg3 */
	n = model_node_hba(f->a, f->cl, &f->cl->nodes[3], &v);
	assert_string_equal(repl_line(v, n, "192.168.0.0/24")->comment,
	    "replication from pg2, pg3");
	done(f);
}

static void
test_sync_and_slots(void **state)
{
	struct fixture		*f;
	const struct node	*n;
	const char		*ssn = NULL;

	(void)state;
	f = build(edit(NULL, 6, "  password: {env: PW}\n  slots: true\n"
	    "synchronous: {standbys: [pg2], method: any}\n"));
	assert_int_equal(f->d.n, 0);
	assert_true(f->cl->sync.enabled);
	assert_int_equal(f->cl->sync.method, SYNC_ANY);
	n = &f->cl->nodes[0];
	for (size_t i = 0; i < n->conf.n; i++)
		if (strcmp(n->conf.v[i].name, "synchronous_standby_names") == 0)
			ssn = n->conf.v[i].value;
	assert_non_null(ssn);
	assert_string_equal(ssn, "ANY 1 (pg2)");
	assert_string_equal(f->cl->nodes[1].slot, "pg2");
	assert_null(f->cl->nodes[0].slot);
	done(f);
}

static void
test_platform_defaults(void **state)
{
	struct fixture	*f;

	(void)state;
	f = build(edit(NULL, 3, "platform: debian\n"));
	assert_int_equal(f->d.n, 0);
	assert_string_equal(f->cl->nodes[0].config_directory,
	    "/etc/postgresql/15/main");
	assert_string_equal(f->cl->nodes[0].service, "postgresql@15-main");
	done(f);
	f = build(edit(NULL, 3, "platform: generic\n"));
	assert_int_equal(f->d.n, 0);
	assert_null(f->cl->nodes[0].service);
	assert_null(f->cl->nodes[0].os_user);
	done(f);
	f = build(edit(NULL, 3, "platform: centos\n"));
	assert_non_null(find_rule(&f->d, "cluster-value"));
	done(f);
}

/* Paths: "//" collapsed, no trailing "/", positions kept; "." stays. */
static void
test_paths_normalised(void **state)
{
	struct fixture	*f;

	(void)state;
	f = build(edit(NULL, 13, "    address: 192.168.0.11\n"
	    "    data_directory: //data//pg15/\n"
	    "    config_directory: /etc/pg/./conf//\n"
	    "    passfile: /data/x.pgpass\n"
	    "    bin_directory: /\n"));
	assert_int_equal(f->d.n, 0);
	assert_string_equal(f->cl->nodes[1].data_directory, "/data/pg15");
	assert_string_equal(f->cl->nodes[1].config_directory, "/etc/pg/./conf");
	assert_string_equal(f->cl->nodes[1].bin_directory, "/");
	assert_int_equal(f->cl->nodes[1].data_directory_pos.line, 14);
	assert_int_equal(f->cl->nodes[1].data_directory_pos.col, 21);
	assert_int_equal(f->cl->nodes[1].passfile_pos.line, 16);
	/* Defaults have no position. */
	assert_int_equal(f->cl->nodes[0].data_directory_pos.line, 0);
	assert_int_equal(f->cl->nodes[0].service_pos.line, 0);
	done(f);
	/* The default passfile derives from the normalised form. */
	f = build(edit(NULL, 13, "    address: 192.168.0.11\n"
	    "    data_directory: /data/pg15//\n"));
	assert_string_equal(f->cl->nodes[1].passfile,
	    "/data/pgpair-shop.pgpass");
	done(f);
}

/* Debian: NAME from config_directory, else from the service, else main. */
static void
test_debian_cluster_name(void **state)
{
	struct fixture		*f;
	const struct node	*n;

	(void)state;
	f = build("cluster: shop\npostgres: {version: 15}\nplatform: debian\n"
	    "replication: {user: replica, password: {env: PW}}\n"
	    "nodes:\n"
	    "  - {name: pg1, role: primary, address: 192.168.0.10}\n"
	    "  - {name: pg2, role: standby, address: 192.168.0.11,\n"
	    "     config_directory: /etc/postgresql/15/replica/}\n"
	    "  - {name: pg3, role: standby, address: 192.168.0.12,\n"
	    "     service: postgresql@15-s3}\n"
	    "  - {name: pg4, role: standby, address: 192.168.0.13,\n"
	    "     service: postgresql@15-my-db}\n"
	    "  - {name: pg5, role: standby, address: 192.168.0.14,\n"
	    "     config_directory: /srv/Bad-Name}\n");
	assert_int_equal(f->d.n, 0);
	n = &f->cl->nodes[0];
	assert_string_equal(n->config_directory, "/etc/postgresql/15/main");
	assert_string_equal(n->data_directory, "/var/lib/postgresql/15/main");
	assert_string_equal(n->service, "postgresql@15-main");
	n = &f->cl->nodes[1];
	assert_string_equal(n->config_directory, "/etc/postgresql/15/replica");
	assert_string_equal(n->data_directory,
	    "/var/lib/postgresql/15/replica");
	assert_string_equal(n->service, "postgresql@15-replica");
	assert_string_equal(n->passfile,
	    "/var/lib/postgresql/15/pgpair-shop.pgpass");
	n = &f->cl->nodes[2];
	assert_string_equal(n->config_directory, "/etc/postgresql/15/s3");
	assert_string_equal(n->data_directory, "/var/lib/postgresql/15/s3");
	/* A name systemd would misread leaves main for the defaults. */
	n = &f->cl->nodes[3];
	assert_string_equal(n->config_directory, "/etc/postgresql/15/main");
	n = &f->cl->nodes[4];
	assert_string_equal(n->service, "postgresql@15-main");
	assert_string_equal(n->data_directory, "/var/lib/postgresql/15/main");
	done(f);
	assert_true(model_debian_name_ok("main", 4));
	assert_true(model_debian_name_ok("c.4_x", 5));
	assert_false(model_debian_name_ok("my-db", 5));
	assert_false(model_debian_name_ok("Main", 4));
	assert_false(model_debian_name_ok("..", 2));
	assert_false(model_debian_name_ok("", 0));
}

static void
test_loopback(void **state)
{
	(void)state;
	assert_true(model_loopback("127.0.0.1"));
	assert_true(model_loopback("127.1.2.3"));
	assert_true(model_loopback("::1"));
	assert_true(model_loopback("LocalHost"));
	assert_false(model_loopback("127.example.com"));
	assert_false(model_loopback("128.0.0.1"));
	assert_false(model_loopback("::2"));
}

/* initdb: the parsed values, the options for each major, the errors. */
static void
test_initdb(void **state)
{
	struct fixture		*f;
	const struct diag	*dg;
	const char		**o;
	size_t			 n;

	(void)state;
	f = build(base);
	assert_int_equal(f->cl->initdb.checksums, -1);
	assert_null(f->cl->initdb.encoding);
	assert_null(f->cl->initdb.locale);
	o = model_initdb_options(f->a, f->cl, &n);
	assert_int_equal(n, 0);
	assert_null(o[0]);
	done(f);

	f = build(edit(NULL, 6, "  password: {env: PW}\n"
	    "initdb:\n  data_checksums: true\n  encoding: utf-8\n"
	    "  locale: C.UTF-8\n  lc_collate: C\n  lc_ctype: en_US.UTF-8\n"));
	assert_int_equal(f->d.n, 0);
	assert_int_equal(f->cl->initdb.checksums, 1);
	assert_string_equal(f->cl->initdb.encoding, "UTF8");
	assert_string_equal(f->cl->initdb.locale, "C.UTF-8");
	assert_string_equal(f->cl->initdb.lc_collate, "C");
	assert_string_equal(f->cl->initdb.lc_ctype, "en_US.UTF-8");
	assert_int_equal(f->cl->initdb.pos.line, 8);
	o = model_initdb_options(f->a, f->cl, &n);
	assert_int_equal(n, 5);
	assert_string_equal(o[0], "--data-checksums");
	assert_string_equal(o[1], "--encoding=UTF8");
	assert_string_equal(o[2], "--locale=C.UTF-8");
	assert_string_equal(o[3], "--lc-collate=C");
	assert_string_equal(o[4], "--lc-ctype=en_US.UTF-8");
	assert_null(o[5]);
	done(f);

	/* Off: no option before 18, where off is the default... */
	f = build(edit(NULL, 6, "  password: {env: PW}\n"
	    "initdb: {data_checksums: false, encoding: iso-8859-5}\n"));
	assert_int_equal(f->d.n, 0);
	assert_int_equal(f->cl->initdb.checksums, 0);
	assert_string_equal(f->cl->initdb.encoding, "ISO_8859_5");
	o = model_initdb_options(f->a, f->cl, &n);
	assert_int_equal(n, 1);
	assert_string_equal(o[0], "--encoding=ISO_8859_5");
	done(f);
	/* ...and --no-data-checksums from 18, where on is. */
	f = build("cluster: shop\npostgres: {version: 18}\n"
	    "replication: {user: replica, password: {env: PW}}\n"
	    "initdb: {data_checksums: false}\n"
	    "nodes:\n  - {name: pg1, role: primary, address: 192.168.0.10}\n");
	assert_int_equal(f->d.n, 0);
	o = model_initdb_options(f->a, f->cl, &n);
	assert_int_equal(n, 1);
	assert_string_equal(o[0], "--no-data-checksums");
	done(f);

	/* Errors point at the value. */
	f = build(edit(NULL, 6, "  password: {env: PW}\n"
	    "initdb: {encoding: LATIN1, locale: en_US.utf8}\n"));
	dg = find_rule(&f->d, "cluster-value");
	assert_non_null(dg);
	assert_int_equal(dg->pos.line, 7);
	assert_int_equal(dg->pos.col, 36);
	assert_non_null(strstr(dg->msg, "encoding mismatch"));
	assert_null(f->cl);
	done(f);
	f = build(edit(NULL, 6, "  password: {env: PW}\n"
	    "initdb: {encoding: GBK}\n"));
	dg = find_rule(&f->d, "cluster-value");
	assert_non_null(dg);
	assert_int_equal(dg->pos.col, 20);
	assert_non_null(strstr(dg->msg, "for clients only"));
	done(f);
	f = build(edit(NULL, 6, "  password: {env: PW}\n"
	    "initdb: {data_checksums: 1, locale: \"C; reboot\"}\n"));
	assert_non_null(find_rule(&f->d, "cluster-type"));
	dg = find_rule(&f->d, "cluster-value");
	assert_non_null(dg);
	assert_int_equal(dg->pos.col, 37);
	done(f);
	f = build(edit(NULL, 6, "  password: {env: PW}\n"
	    "initdb: {data_checksum: true}\n"));
	dg = find_rule(&f->d, "cluster-unknown-key");
	assert_non_null(dg);
	assert_non_null(strstr(dg->msg, "did you mean \"data_checksums\""));
	done(f);
	f = build(edit(NULL, 6, "  password: {env: PW}\n"
	    "initdb: [data_checksums]\n"));
	assert_non_null(find_rule(&f->d, "cluster-type"));
	done(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_base),
		cmocka_unit_test(test_unknown_key_suggests),
		cmocka_unit_test(test_plaintext_password),
		cmocka_unit_test(test_version_range),
		cmocka_unit_test(test_wrong_type),
		cmocka_unit_test(test_unsafe_values),
		cmocka_unit_test(test_subnet),
		cmocka_unit_test(test_port),
		cmocka_unit_test(test_settings),
		cmocka_unit_test(test_hba_generated),
		cmocka_unit_test(test_hba_nested_subnets),
		cmocka_unit_test(test_sync_and_slots),
		cmocka_unit_test(test_platform_defaults),
		cmocka_unit_test(test_paths_normalised),
		cmocka_unit_test(test_debian_cluster_name),
		cmocka_unit_test(test_loopback),
		cmocka_unit_test(test_initdb),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
