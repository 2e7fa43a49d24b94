/*
 * Unit tests of the cluster rules (rules_cluster.c): for each rule, a
 * description that trips it (rule id, level and line asserted) and a near
 * miss that does not.  Descriptions go through the real pipeline,
 * yaml_load_string() and model_build(), so positions are tested too; the
 * pg_hba.conf cases edit the built model, since the generated replication
 * lines always admit the peers.
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
#include "hba_parse.h"
#include "model.h"
#include "render.h"
#include "rule.h"
#include "yaml_load.h"

/* Seven lines; the first node starts on line 8. */
#define HEAD(ver, extra)						\
	"cluster: t\n"							\
	"postgres: {version: " #ver "}\n"				\
	"platform: generic\n"						\
	"replication:\n"						\
	"  user: replica\n"						\
	"  password: {env: PW}\n"					\
	extra								\
	"nodes:\n"

/* Lines 8-10. */
#define PG1								\
	"  - name: pg1\n"						\
	"    role: primary\n"						\
	"    address: 10.0.0.1\n"

/* Lines 11-13 when right after PG1. */
#define PG2								\
	"  - name: pg2\n"						\
	"    role: standby\n"						\
	"    address: 10.0.0.2\n"

#define PG3								\
	"  - name: pg3\n"						\
	"    role: standby\n"						\
	"    address: 10.0.0.3\n"

struct run {
	struct arena	*a;
	struct diags	 d;
	struct cluster	*cl;
};

static void	 build(struct run *, const char *);
static void	 check(struct run *);
static void	 dump(const struct run *);
static size_t	 count(const struct run *, const char *);
static const struct diag *find(const struct run *, const char *);
static void	 expect(const char *, const char *, enum level, unsigned,
		    const char *);
static void	 expect_none(const char *, const char *);
static void	 hba_set(struct run *, const char *, int, const char *);

/* Load and model yaml; the description itself must be free of findings. */
static void
build(struct run *r, const char *yaml)
{
	struct ynode	*root;

	r->a = arena_new();
	diags_init(&r->d, r->a);
	root = yaml_load_string(r->a, "t.yaml", yaml, strlen(yaml), &r->d);
	if (root != NULL)
		r->cl = model_build(r->a, root, "t.yaml", &r->d);
	if (root == NULL || r->cl == NULL || r->d.n != 0)
		dump(r);
	assert_non_null(root);
	assert_non_null(r->cl);
	assert_int_equal(r->d.n, 0);
}

static void
check(struct run *r)
{
	struct check_ctx	 cx = { .a = r->a, .d = &r->d, .cl = r->cl };

	rules_run(SCOPE_CLUSTER, &cx);
	diags_sort(&r->d);
}

static void
dump(const struct run *r)
{
	for (size_t i = 0; i < r->d.n; i++)
		print_message("  %u:%u: %s: %s [%s]\n", r->d.v[i].pos.line,
		    r->d.v[i].pos.col, level_name(r->d.v[i].level),
		    r->d.v[i].msg, r->d.v[i].rule ? r->d.v[i].rule : "-");
}

static size_t
count(const struct run *r, const char *rule)
{
	size_t	 n = 0;

	for (size_t i = 0; i < r->d.n; i++)
		if (r->d.v[i].rule != NULL && strcmp(r->d.v[i].rule, rule) == 0)
			n++;
	return n;
}

static const struct diag *
find(const struct run *r, const char *rule)
{
	for (size_t i = 0; i < r->d.n; i++)
		if (r->d.v[i].rule != NULL && strcmp(r->d.v[i].rule, rule) == 0)
			return &r->d.v[i];
	return NULL;
}

/*
 * yaml trips rule at level on line, and the first such message contains
 * text (when not NULL).
 */
static void
expect(const char *yaml, const char *rule, enum level level, unsigned line,
    const char *text)
{
	struct run		 r;
	const struct diag	*dg;

	build(&r, yaml);
	check(&r);
	if ((dg = find(&r, rule)) == NULL || dg->pos.line != line ||
	    dg->level != level ||
	    (text != NULL && strstr(dg->msg, text) == NULL))
		dump(&r);
	assert_non_null(dg);
	assert_string_equal(dg->pos.file, "t.yaml");
	assert_int_equal(dg->pos.line, line);
	assert_int_equal(dg->level, level);
	if (text != NULL)
		assert_non_null(strstr(dg->msg, text));
	arena_free(r.a);
}

static void
expect_none(const char *yaml, const char *rule)
{
	struct run	 r;

	build(&r, yaml);
	check(&r);
	if (count(&r, rule) != 0)
		dump(&r);
	assert_int_equal(count(&r, rule), 0);
	arena_free(r.a);
}

/*
 * Give node name the pg_hba.conf text, or text followed by the generated
 * file when keep is set, as lint --cluster does with a file on disk.
 */
static void
hba_set(struct run *r, const char *name, int keep, const char *text)
{
	struct node		*n = model_find_node(r->cl, name);
	struct hba_file		*f = arena_calloc(r->a, 1, sizeof(*f));
	struct hba_opts		 o = { r->cl->version, HBA_FEAT_DEFAULT, NULL,
	    NULL };
	const char		*gen = "", *path;
	size_t			 len;
	struct diags		 pd;

	assert_non_null(n);
	if (keep)
		gen = render_node_hba(r->a, r->cl, n, &len, &r->d);
	assert_non_null(gen);
	text = arena_printf(r->a, "%s%s", text, gen);
	path = arena_printf(r->a, "%s/pg_hba.conf", name);
	diags_init(&pd, r->a);
	assert_int_equal(hba_parse_buf(r->a, path, text, strlen(text), &o,
	    &pd, f), 0);
	assert_int_equal(pd.n, 0);
	n->hba_disk = f;
	n->hba_file.file = path;
	n->hba_file.line = 0;
	n->hba_file.col = 0;
}

/* cluster-one-primary */

static void
one_primary_second(void **state)
{
	(void)state;
	expect(HEAD(15, "") PG1
	    "  - name: pg2\n"
	    "    role: primary\n"
	    "    address: 10.0.0.2\n",
	    "cluster-one-primary", LEVEL_ERROR, 12,
	    "second node with role primary: \"pg2\" (\"pg1\" is the primary)");
}

static void
one_primary_none(void **state)
{
	(void)state;
	expect(HEAD(15, "") PG2 PG3, "cluster-one-primary", LEVEL_ERROR, 7,
	    "no node has role primary");
}

static void
one_primary_ok(void **state)
{
	(void)state;
	expect_none(HEAD(15, "") PG1 PG2 PG3, "cluster-one-primary");
}

/* cluster-unique-name */

static void
unique_name_twice(void **state)
{
	(void)state;
	expect(HEAD(15, "") PG1 PG2
	    "  - name: pg2\n"
	    "    role: standby\n"
	    "    address: 10.0.0.3\n",
	    "cluster-unique-name", LEVEL_ERROR, 14,
	    "node name \"pg2\" is used twice (first at line 11)");
}

static void
unique_name_slot(void **state)
{
	(void)state;
	expect(HEAD(15, "") PG1
	    "  - name: pg-2\n"
	    "    role: standby\n"
	    "    address: 10.0.0.2\n"
	    "  - name: pg_2\n"
	    "    role: standby\n"
	    "    address: 10.0.0.3\n",
	    "cluster-unique-name", LEVEL_ERROR, 14,
	    "same slot and application name \"pg_2\"");
}

static void
unique_name_ok(void **state)
{
	(void)state;
	expect_none(HEAD(15, "") PG1
	    "  - name: pg-2\n"
	    "    role: standby\n"
	    "    address: 10.0.0.2\n"
	    "  - name: pg_3\n"
	    "    role: standby\n"
	    "    address: 10.0.0.3\n",
	    "cluster-unique-name");
}

/* cluster-unique-endpoint */

static void
unique_endpoint_ipv4(void **state)
{
	(void)state;
	expect(HEAD(15, "") PG1
	    "  - name: pg2\n"
	    "    role: standby\n"
	    "    address: 10.0.0.1\n"
	    "    port: 5432\n",
	    "cluster-unique-endpoint", LEVEL_ERROR, 13,
	    "nodes \"pg1\" and \"pg2\" both use address \"10.0.0.1\" and "
	    "port 5432");
}

static void
unique_endpoint_ipv6(void **state)
{
	(void)state;
	/* the same address, spelt two ways */
	expect(HEAD(15, "")
	    "  - name: pg1\n"
	    "    role: primary\n"
	    "    address: \"2001:db8::1\"\n"
	    "  - name: pg2\n"
	    "    role: standby\n"
	    "    address: \"2001:DB8:0:0::1\"\n",
	    "cluster-unique-endpoint", LEVEL_ERROR, 13, NULL);
}

static void
unique_endpoint_hostname(void **state)
{
	(void)state;
	expect(HEAD(15, "")
	    "  - name: pg1\n"
	    "    role: primary\n"
	    "    address: db.example.com\n"
	    "  - name: pg2\n"
	    "    role: standby\n"
	    "    address: DB.example.com\n"
	    "    subnet: 10.0.0.0/24\n",
	    "cluster-unique-endpoint", LEVEL_ERROR, 13, NULL);
}

static void
unique_endpoint_ok(void **state)
{
	(void)state;
	/* same address, other port: two servers on one host */
	expect_none(HEAD(15, "") PG1
	    "  - name: pg2\n"
	    "    role: standby\n"
	    "    address: 10.0.0.1\n"
	    "    port: 5433\n",
	    "cluster-unique-endpoint");
}

/* cluster-upstream */

static void
upstream_unknown(void **state)
{
	(void)state;
	expect(HEAD(15, "") PG1 PG2
	    "    upstream: pg9\n",
	    "cluster-upstream", LEVEL_ERROR, 14,
	    "upstream \"pg9\" of node \"pg2\" is not a node");
}

static void
upstream_on_primary(void **state)
{
	(void)state;
	expect(HEAD(15, "") PG1
	    "    upstream: pg2\n"
	    PG2,
	    "cluster-upstream", LEVEL_ERROR, 11,
	    "primary \"pg1\" has an upstream (\"pg2\")");
}

static void
upstream_cycle(void **state)
{
	struct run	 r;

	(void)state;
	expect(HEAD(15, "") PG1 PG2
	    "    upstream: pg3\n"
	    PG3
	    "    upstream: pg2\n",
	    "cluster-upstream", LEVEL_ERROR, 14,
	    "upstreams form a cycle: pg2 -> pg3 -> pg2");
	/* once per cycle */
	build(&r, HEAD(15, "") PG1 PG2 "    upstream: pg3\n"
	    PG3 "    upstream: pg2\n");
	check(&r);
	assert_int_equal(count(&r, "cluster-upstream"), 1);
	arena_free(r.a);
}

static void
upstream_self(void **state)
{
	(void)state;
	expect(HEAD(15, "") PG1 PG2
	    "    upstream: pg2\n",
	    "cluster-upstream", LEVEL_ERROR, 14,
	    "upstreams form a cycle: pg2 -> pg2");
}

static void
upstream_ok(void **state)
{
	(void)state;
	/* a cascade pg1 -> pg2 -> pg3 */
	expect_none(HEAD(15, "") PG1 PG2 "    upstream: pg1\n"
	    PG3 "    upstream: pg2\n", "cluster-upstream");
}

/* cluster-shared-directory */

static void
shared_directory_loopback(void **state)
{
	(void)state;
	/* one directory written two ways, on 127.0.0.1 and ::1 */
	expect(HEAD(15, "")
	    "  - name: pg1\n"
	    "    role: primary\n"
	    "    address: 127.0.0.1\n"
	    "    data_directory: /srv/pg/\n"
	    "  - name: pg2\n"
	    "    role: standby\n"
	    "    address: \"::1\"\n"
	    "    port: 5433\n"
	    "    data_directory: /srv//pg\n",
	    "cluster-shared-directory", LEVEL_ERROR, 16,
	    "data_directory \"/srv/pg\" of \"pg2\" is also the data_directory "
	    "of \"pg1\"");
}

static void
shared_directory_nested_default(void **state)
{
	(void)state;
	/* both default on one address: reported at the second node */
	expect(HEAD(15, "") PG1
	    "  - name: pg2\n"
	    "    role: standby\n"
	    "    address: 10.0.0.1\n"
	    "    port: 5433\n",
	    "cluster-shared-directory", LEVEL_ERROR, 11, "(the default)");
	expect(HEAD(15, "") PG1
	    "    data_directory: /srv/pg\n"
	    "  - name: pg2\n"
	    "    role: standby\n"
	    "    address: 10.0.0.1\n"
	    "    port: 5433\n"
	    "    config_directory: /srv/pg/conf\n",
	    "cluster-shared-directory", LEVEL_ERROR, 16,
	    "config_directory \"/srv/pg/conf\" of \"pg2\" lies inside the "
	    "data_directory of \"pg1\"");
}

static void
shared_directory_ok(void **state)
{
	(void)state;
	/* the defaults on different hosts; a common prefix on one */
	expect_none(HEAD(15, "") PG1 PG2, "cluster-shared-directory");
	expect_none(HEAD(15, "") PG1
	    "    data_directory: /srv/pg\n"
	    "  - name: pg2\n"
	    "    role: standby\n"
	    "    address: 10.0.0.1\n"
	    "    port: 5433\n"
	    "    data_directory: /srv/pg2\n",
	    "cluster-shared-directory");
	/* a host name and an address may be one host: no way to tell */
	expect_none(HEAD(15, "") PG1
	    "  - name: pg2\n"
	    "    role: standby\n"
	    "    address: db1.example.com\n"
	    "    subnet: 10.0.0.1/32\n"
	    "    port: 5433\n",
	    "cluster-shared-directory");
}

/* cluster-system-directory */

static void
system_directory(void **state)
{
	(void)state;
	expect(HEAD(15, "") PG1 "    data_directory: /var/lib/\n" PG2,
	    "cluster-system-directory", LEVEL_ERROR, 11,
	    "data_directory \"/var/lib\" of \"pg1\" is a folder of the system");
	expect(HEAD(15, "") PG1 "    passfile: /tmp\n" PG2,
	    "cluster-system-directory", LEVEL_ERROR, 11, "passfile \"/tmp\"");
	expect(HEAD(15, "") PG1 "    config_directory: /etc\n" PG2,
	    "cluster-system-directory", LEVEL_ERROR, 11, NULL);
}

static void
system_directory_ok(void **state)
{
	(void)state;
	expect_none(HEAD(15, "") PG1
	    "    data_directory: /var/lib/pgsql/15/data\n"
	    "    config_directory: /etc/pg\n"
	    "    passfile: /root/.pgpass\n"
	    "    bin_directory: /usr/bin\n" PG2,
	    "cluster-system-directory");
}

/* cluster-path-dots */

static void
path_dots(void **state)
{
	(void)state;
	expect(HEAD(15, "") PG1 "    data_directory: /srv/pg/../data\n" PG2,
	    "cluster-path-dots", LEVEL_ERROR, 11, "\"..\" component");
	expect(HEAD(15, "") PG1 "    bin_directory: /usr/./bin\n" PG2,
	    "cluster-path-dots", LEVEL_ERROR, 11, "\".\" component");
	expect(HEAD(15, "") PG1 "    passfile: /srv/..\n" PG2,
	    "cluster-path-dots", LEVEL_ERROR, 11, NULL);
}

static void
path_dots_ok(void **state)
{
	(void)state;
	expect_none(HEAD(15, "") PG1 "    data_directory: /srv/..pg/a.b./c\n"
	    "    passfile: /srv/.pgpass\n" PG2, "cluster-path-dots");
}

/* cluster-passfile-location */

static void
passfile_location(void **state)
{
	(void)state;
	expect(HEAD(15, "") PG1 PG2 "    passfile: /usr/local/pgsql/data/pw\n",
	    "cluster-passfile-location", LEVEL_ERROR, 14,
	    "lies inside its own data_directory");
	expect(HEAD(15, "") PG1 "    data_directory: /srv/a/data\n"
	    PG2 "    passfile: /srv/a\n",
	    "cluster-passfile-location", LEVEL_ERROR, 15,
	    "is the folder that holds the data_directory of \"pg1\"");
}

static void
passfile_location_ok(void **state)
{
	(void)state;
	expect_none(HEAD(15, "") PG1 PG2
	    "    passfile: /usr/local/pgsql/data.pgpass\n",
	    "cluster-passfile-location");
}

/* cluster-debian-cluster */

static void
debian_cluster(void **state)
{
	(void)state;
	expect("cluster: t\npostgres: {version: 16}\nplatform: debian\n"
	    "replication: {user: replica, password: {env: PW}}\n"
	    "nodes:\n"
	    "  - {name: pg1, role: primary, address: 10.0.0.1,\n"
	    "     service: postgresql-16}\n",
	    "cluster-debian-cluster", LEVEL_ERROR, 7,
	    "service \"postgresql-16\" of \"pg1\" is not "
	    "\"postgresql@16-main\"");
	/* both given, naming two clusters */
	expect("cluster: t\npostgres: {version: 16}\nplatform: debian\n"
	    "replication: {user: replica, password: {env: PW}}\n"
	    "nodes:\n"
	    "  - {name: pg1, role: primary, address: 10.0.0.1,\n"
	    "     config_directory: /etc/postgresql/16/a,\n"
	    "     service: postgresql@16-b}\n",
	    "cluster-debian-cluster", LEVEL_ERROR, 8,
	    "is not \"postgresql@16-a\"");
	expect("cluster: t\npostgres: {version: 16}\nplatform: debian\n"
	    "replication: {user: replica, password: {env: PW}}\n"
	    "nodes:\n"
	    "  - {name: pg1, role: primary, address: 10.0.0.1,\n"
	    "     config_directory: /etc/postgresql/15/main}\n",
	    "cluster-debian-cluster", LEVEL_ERROR, 7,
	    "is not \"/etc/postgresql/16/main\"");
	expect("cluster: t\npostgres: {version: 16}\nplatform: debian\n"
	    "replication: {user: replica, password: {env: PW}}\n"
	    "nodes:\n"
	    "  - {name: pg1, role: primary, address: 10.0.0.1,\n"
	    "     config_directory: /etc/postgresql/16/a-b}\n",
	    "cluster-debian-cluster", LEVEL_ERROR, 7, "\"a-b\"");
}

static void
debian_cluster_ok(void **state)
{
	(void)state;
	expect_none("cluster: t\npostgres: {version: 16}\nplatform: debian\n"
	    "replication: {user: replica, password: {env: PW}}\n"
	    "nodes:\n"
	    "  - {name: pg1, role: primary, address: 10.0.0.1}\n"
	    "  - {name: pg2, role: standby, address: 10.0.0.2,\n"
	    "     service: postgresql@16-replica}\n"
	    "  - {name: pg3, role: standby, address: 10.0.0.3,\n"
	    "     config_directory: /etc/postgresql/16/r3}\n",
	    "cluster-debian-cluster");
	/* not debian: rhel names its own units */
	expect_none(HEAD(15, "") PG1 "    service: postgresql-15\n" PG2,
	    "cluster-debian-cluster");
}

/* cluster-standby-params */

static void
standby_params_lower(void **state)
{
	(void)state;
	expect(HEAD(15, "") PG1
	    "    settings: {max_connections: 100}\n"
	    PG2
	    "    settings: {max_connections: 50}\n",
	    "cluster-standby-params", LEVEL_ERROR, 15,
	    "max_connections on standby \"pg2\" is 50, lower than 100 on the "
	    "primary \"pg1\"");
}

static void
standby_params_default(void **state)
{
	(void)state;
	/* pg2 keeps the default of 8: the error points at the node */
	expect(HEAD(15, "") PG1
	    "    settings: {max_worker_processes: 16}\n"
	    PG2,
	    "cluster-standby-params", LEVEL_ERROR, 12,
	    "max_worker_processes on standby \"pg2\" is 8, lower than 16");
}

static void
standby_params_cascade(void **state)
{
	const char	*yaml = HEAD(15, "") PG1 PG2
	    "    settings: {max_locks_per_transaction: 128}\n"
	    PG3
	    "    upstream: pg2\n"
	    "    settings: {max_locks_per_transaction: 100}\n";

	(void)state;
	/*
	 * pg3 is held to the primary's 64, which it has: it starts; below
	 * its upstream pg2's 128, it stops once pg2 is promoted
	 */
	expect_none(yaml, "cluster-standby-params");
	expect(yaml, "cluster-standby-params-upstream", LEVEL_WARNING, 19,
	    "lower than 128 on its upstream \"pg2\"");
	/* below the primary too: the error alone */
	expect(HEAD(15, "") PG1
	    "    settings: {max_locks_per_transaction: 128}\n"
	    PG2
	    "    settings: {max_locks_per_transaction: 256}\n"
	    PG3
	    "    upstream: pg2\n"
	    "    settings: {max_locks_per_transaction: 100}\n",
	    "cluster-standby-params", LEVEL_ERROR, 20, "lower than 128 on the "
	    "primary \"pg1\"");
	expect_none(HEAD(15, "") PG1
	    "    settings: {max_locks_per_transaction: 128}\n"
	    PG2
	    "    settings: {max_locks_per_transaction: 256}\n"
	    PG3
	    "    upstream: pg2\n"
	    "    settings: {max_locks_per_transaction: 100}\n",
	    "cluster-standby-params-upstream");
}

static void
standby_params_equal(void **state)
{
	(void)state;
	expect_none(HEAD(15, "") PG1
	    "    settings: {max_connections: 100,"
	    " max_prepared_transactions: 10}\n"
	    PG2
	    "    settings: {max_connections: 100,"
	    " max_prepared_transactions: 10}\n",
	    "cluster-standby-params");
}

static void
standby_params_hot_standby_off(void **state)
{
	(void)state;
	/* the server skips the check, and so do we (a warning covers it) */
	expect_none(HEAD(15, "") PG1
	    "    settings: {max_connections: 100}\n"
	    PG2
	    "    settings: {max_connections: 50, hot_standby: off}\n",
	    "cluster-standby-params");
}

/* cluster-wal-level */

static void
wal_level_minimal(void **state)
{
	(void)state;
	expect(HEAD(15, "") PG1
	    "    settings: {wal_level: minimal}\n"
	    PG2,
	    "cluster-wal-level", LEVEL_ERROR, 11,
	    "wal_level is minimal on node \"pg1\"");
}

static void
wal_level_cluster(void **state)
{
	struct run	 r;

	(void)state;
	/* once for the whole cluster, at the cluster's setting */
	expect(HEAD(15, "settings:\n  wal_level: Minimal\n") PG1 PG2,
	    "cluster-wal-level", LEVEL_ERROR, 8,
	    "wal_level is minimal for nodes \"pg1\", \"pg2\"");
	build(&r, HEAD(15, "settings:\n  wal_level: minimal\n") PG1 PG2);
	check(&r);
	assert_int_equal(count(&r, "cluster-wal-level"), 1);
	arena_free(r.a);
}

static void
wal_level_ok(void **state)
{
	(void)state;
	expect_none(HEAD(15, "settings:\n  wal_level: logical\n") PG1 PG2,
	    "cluster-wal-level");
}

/* cluster-wal-senders, cluster-wal-senders-spare */

static void
wal_senders_short(void **state)
{
	(void)state;
	expect(HEAD(15, "") PG1
	    "    settings: {max_wal_senders: 1}\n"
	    PG2 PG3,
	    "cluster-wal-senders", LEVEL_ERROR, 11,
	    "max_wal_senders on \"pg1\" is 1, fewer than its 2 standbys "
	    "(\"pg2\", \"pg3\")");
}

static void
wal_senders_no_spare(void **state)
{
	struct run	 r;
	const char	*yaml = HEAD(15, "") PG1
	    "    settings: {max_wal_senders: 2}\n" PG2 PG3;

	(void)state;
	expect(yaml, "cluster-wal-senders-spare", LEVEL_WARNING, 11,
	    "no spare for pg_basebackup");
	build(&r, yaml);
	check(&r);
	assert_int_equal(count(&r, "cluster-wal-senders"), 0);
	arena_free(r.a);
}

static void
wal_senders_ok(void **state)
{
	(void)state;
	expect_none(HEAD(15, "") PG1 "    settings: {max_wal_senders: 3}\n"
	    PG2 PG3, "cluster-wal-senders");
	expect_none(HEAD(15, "") PG1 "    settings: {max_wal_senders: 3}\n"
	    PG2 PG3, "cluster-wal-senders-spare");
	/* a leaf with no WAL sender needs none */
	expect_none(HEAD(15, "") PG1 PG2 "    settings: {max_wal_senders: 0}\n",
	    "cluster-wal-senders-spare");
}

/* cluster-replication-slots */

static void
replication_slots_short(void **state)
{
	(void)state;
	/* HEAD() cannot add a key under replication: */
	expect("cluster: t\n"
	    "postgres: {version: 15}\n"
	    "replication:\n"
	    "  user: replica\n"
	    "  password: {env: PW}\n"
	    "  slots: true\n"
	    "nodes:\n"
	    PG1
	    "    settings: {max_replication_slots: 1}\n"
	    PG2 PG3,
	    "cluster-replication-slots", LEVEL_ERROR, 11,
	    "max_replication_slots on \"pg1\" is 1, fewer than the 2 slots");
}

static void
replication_slots_ok(void **state)
{
	(void)state;
	/* without slots, max_replication_slots does not matter */
	expect_none(HEAD(15, "") PG1
	    "    settings: {max_replication_slots: 0}\n"
	    PG2, "cluster-replication-slots");
	expect_none("cluster: t\n"
	    "postgres: {version: 15}\n"
	    "replication:\n"
	    "  user: replica\n"
	    "  password: {env: PW}\n"
	    "  slots: true\n"
	    "nodes:\n"
	    PG1
	    "    settings: {max_replication_slots: 2}\n"
	    PG2 PG3, "cluster-replication-slots");
}

/* cluster-hot-standby-off */

static void
hot_standby_off(void **state)
{
	(void)state;
	expect(HEAD(15, "") PG1 PG2
	    "    settings: {hot_standby: false}\n",
	    "cluster-hot-standby-off", LEVEL_WARNING, 14,
	    "hot_standby is off on standby \"pg2\"");
}

static void
hot_standby_ok(void **state)
{
	(void)state;
	/* off on the primary is ignored by the server */
	expect_none(HEAD(15, "") PG1 "    settings: {hot_standby: off}\n"
	    PG2 "    settings: {hot_standby: on}\n",
	    "cluster-hot-standby-off");
}

/* cluster-listen-addresses */

static void
listen_addresses_localhost(void **state)
{
	struct run	 r;
	const char	*yaml = HEAD(15, "settings:\n"
	    "  listen_addresses: localhost\n") PG1 PG2;

	(void)state;
	expect(yaml, "cluster-listen-addresses", LEVEL_ERROR, 8,
	    "listen_addresses on \"pg1\" is \"localhost\", which does not "
	    "include its address \"10.0.0.1\"");
	/* only pg1 has standbys */
	build(&r, yaml);
	check(&r);
	assert_int_equal(count(&r, "cluster-listen-addresses"), 1);
	arena_free(r.a);
}

static void
listen_addresses_v6_wildcard(void **state)
{
	(void)state;
	/* :: does not cover IPv4: PostgreSQL sets IPV6_V6ONLY */
	expect(HEAD(15, "") PG1 "    settings: {listen_addresses: \"::\"}\n"
	    PG2, "cluster-listen-addresses", LEVEL_ERROR, 11, NULL);
}

static void
listen_addresses_ok(void **state)
{
	(void)state;
	expect_none(HEAD(15, "") PG1
	    "    settings: {listen_addresses: \"localhost, 10.0.0.1\"}\n"
	    PG2, "cluster-listen-addresses");
	expect_none(HEAD(15, "") PG1
	    "    settings: {listen_addresses: \"*\"}\n"
	    PG2, "cluster-listen-addresses");
	expect_none(HEAD(15, "") PG1
	    "    settings: {listen_addresses: \"0.0.0.0\"}\n"
	    PG2, "cluster-listen-addresses");
	/* unset: pgpair sets it */
	expect_none(HEAD(15, "") PG1 PG2, "cluster-listen-addresses");
}

/* cluster-sync, cluster-sync-fragile */

static void
sync_cascaded(void **state)
{
	(void)state;
	expect(HEAD(15, "synchronous:\n  standbys: [pg2, pg3]\n")
	    PG1 PG2 PG3 "    upstream: pg2\n",
	    "cluster-sync", LEVEL_ERROR, 8,
	    "synchronous standby \"pg3\" streams from \"pg2\", not from the "
	    "primary \"pg1\"");
}

static void
sync_count(void **state)
{
	(void)state;
	expect(HEAD(15, "synchronous:\n  count: 3\n  standbys: [pg2, pg3]\n")
	    PG1 PG2 PG3,
	    "cluster-sync", LEVEL_ERROR, 8,
	    "synchronous count is 3, but 2 standbys are named");
}

static void
sync_primary(void **state)
{
	(void)state;
	expect(HEAD(15, "synchronous:\n  standbys: [pg1, pg2]\n")
	    PG1 PG2,
	    "cluster-sync", LEVEL_ERROR, 8,
	    "synchronous standby \"pg1\" is not a standby");
}

static void
sync_ok(void **state)
{
	(void)state;
	expect_none(HEAD(15, "synchronous:\n  method: any\n  count: 1\n"
	    "  standbys: [pg2, pg3]\n") PG1 PG2 PG3, "cluster-sync");
	expect_none(HEAD(15, "synchronous:\n  method: any\n  count: 1\n"
	    "  standbys: [pg2, pg3]\n") PG1 PG2 PG3, "cluster-sync-fragile");
}

static void
sync_fragile_one(void **state)
{
	(void)state;
	expect(HEAD(15, "synchronous:\n  standbys: [pg2]\n") PG1 PG2 PG3,
	    "cluster-sync-fragile", LEVEL_WARNING, 8,
	    "statement_timeout does not end the wait");
}

static void
sync_fragile_any(void **state)
{
	(void)state;
	expect(HEAD(15, "synchronous:\n  method: any\n  count: 2\n"
	    "  standbys: [pg2, pg3]\n") PG1 PG2 PG3,
	    "cluster-sync-fragile", LEVEL_WARNING, 8,
	    "synchronous replication (ANY 2) needs every named standby "
	    "(\"pg2\", \"pg3\")");
}

/* cluster-hba-replication */

static const char hba_yaml[] = HEAD(15, "") PG1 PG2
    "    subnet: 10.0.0.0/29\n" PG3;

static void
hba_generated_ok(void **state)
{
	(void)state;
	expect_none(hba_yaml, "cluster-hba-replication");
}

static void
hba_reject_first(void **state)
{
	struct run		 r;
	const struct diag	*dg;

	(void)state;
	build(&r, hba_yaml);
	/* pg1's file opens with a reject for every replication connection */
	hba_set(&r, "pg1", 1,
	    "host replication all 10.0.0.0/8 reject\n");
	check(&r);
	dg = find(&r, "cluster-hba-replication");
	if (dg == NULL)
		dump(&r);
	assert_non_null(dg);
	assert_int_equal(dg->level, LEVEL_ERROR);
	/* the file on disk */
	assert_string_equal(dg->pos.file, "pg1/pg_hba.conf");
	assert_int_equal(dg->pos.line, 0);
	assert_non_null(strstr(dg->msg, "pg_hba.conf of \"pg1\" rejects "
	    "replication connections of \"replica\" from standby \"pg2\" "
	    "(10.0.0.0/29): line 1 of \"pg1/pg_hba.conf\" comes first"));
	/* pg2 and pg3 are both locked out of pg1, nothing else */
	assert_int_equal(count(&r, "cluster-hba-replication"), 2);
	arena_free(r.a);
}

static void
hba_database_all(void **state)
{
	struct run		 r;
	const struct diag	*dg;

	(void)state;
	build(&r, hba_yaml);
	/* pg3's file: only a line for database all */
	hba_set(&r, "pg3", 0,
	    "host all all 10.0.0.0/8 scram-sha-256\n");
	check(&r);
	dg = find(&r, "cluster-hba-replication");
	if (dg == NULL)
		dump(&r);
	assert_non_null(dg);
	assert_non_null(strstr(dg->msg, "no pg_hba.conf line of \"pg3\" "
	    "admits replication connections of \"replica\" from standby "
	    "\"pg2\""));
	assert_non_null(dg->hint);
	assert_non_null(strstr(dg->hint, "database all does not match"));
	arena_free(r.a);
}

static void
hba_narrow_network(void **state)
{
	struct run		 r;

	(void)state;
	build(&r, hba_yaml);
	/* 10.0.0.0/30 holds pg3 (10.0.0.3) but not all of pg2's /29 */
	hba_set(&r, "pg1", 0,
	    "host replication replica 10.0.0.0/30 scram-sha-256\n");
	check(&r);
	assert_int_equal(count(&r, "cluster-hba-replication"), 1);
	assert_non_null(strstr(find(&r, "cluster-hba-replication")->msg,
	    "standby \"pg2\""));
	arena_free(r.a);
}

static void
hba_other_forms(void **state)
{
	struct run		 r;
	const char		*v =
	    /* a quoted "replication" is a database name */
	    "host \"replication\" all all reject\n"
	    /* another user */
	    "host replication other all reject\n"
	    /* GSSAPI encryption is not used */
	    "hostgssenc replication all all reject\n"
	    /* host bits are masked; mask written apart */
	    "host sales,replication x,\"replica\" 10.0.0.7 255.0.0.0 "
	    "scram-sha-256\n";

	(void)state;
	build(&r, hba_yaml);
	hba_set(&r, "pg1", 0, v);
	hba_set(&r, "pg2", 0, v);
	hba_set(&r, "pg3", 0, v);
	check(&r);
	if (count(&r, "cluster-hba-replication") != 0)
		dump(&r);
	assert_int_equal(count(&r, "cluster-hba-replication"), 0);
	arena_free(r.a);
}

static void
hba_ssl(void **state)
{
	struct run		 r;
	const char		*v =
	    "hostnossl replication all all reject\n"
	    "hostssl replication replica 10.0.0.0/24 scram-sha-256\n";
	const char	*with_ssl = HEAD(15, "settings: {ssl: t}\n") PG1 PG2;

	(void)state;
	/* without ssl the standby meets the reject */
	build(&r, HEAD(15, "") PG1 PG2);
	hba_set(&r, "pg1", 0, v);
	check(&r);
	assert_int_equal(count(&r, "cluster-hba-replication"), 1);
	arena_free(r.a);
	/* with ssl on it connects with SSL and is admitted; "t" is on */
	build(&r, with_ssl);
	hba_set(&r, "pg1", 0, v);
	check(&r);
	assert_int_equal(count(&r, "cluster-hba-replication"), 0);
	arena_free(r.a);
	/* a plain connection also meets hostnogssenc lines */
	build(&r, HEAD(15, "") PG1 PG2);
	hba_set(&r, "pg1", 0,
	    "hostnogssenc replication replica 10.0.0.0/24 scram-sha-256\n");
	check(&r);
	assert_int_equal(count(&r, "cluster-hba-replication"), 0);
	arena_free(r.a);
}

static void
hba_group_unknown(void **state)
{
	struct run		 r;

	(void)state;
	/* group membership is not known offline: no verdict */
	build(&r, HEAD(15, "") PG1 PG2);
	hba_set(&r, "pg1", 0, "host replication +replicators all reject\n");
	check(&r);
	assert_int_equal(count(&r, "cluster-hba-replication"), 0);
	arena_free(r.a);
}

/* cluster-hostname-subnet */

static void
hostname_subnet_missing(void **state)
{
	(void)state;
	expect(HEAD(15, "") PG1
	    "  - name: pg2\n"
	    "    role: standby\n"
	    "    address: db2.example.com\n",
	    "cluster-hostname-subnet", LEVEL_ERROR, 13,
	    "standby \"pg2\" is given by host name \"db2.example.com\" "
	    "without a subnet");
}

static void
hostname_subnet_ok(void **state)
{
	(void)state;
	expect_none(HEAD(15, "") PG1
	    "  - name: pg2\n"
	    "    role: standby\n"
	    "    address: db2.example.com\n"
	    "    subnet: 10.0.0.0/24\n",
	    "cluster-hostname-subnet");
}

/* cluster-weak-auth */

/*
 * The hba rules on the pg_hba.conf each node gets: hba-weak-auth (it was
 * cluster-weak-auth) at the method of the access entry, once though the
 * line is in every node's file.
 */
static void
weak_auth_md5(void **state)
{
	struct run	 r;
	const char	*yaml = HEAD(15, "access:\n"
	    "  - {type: local, database: sales, user: all, method: trust}\n"
	    "  - {type: host, database: all, user: all, address: 10.1.0.0/16,"
	    " method: md5}\n") PG1 PG2;

	(void)state;
	expect(yaml, "hba-weak-auth", LEVEL_WARNING, 9,
	    "md5 from \"10.1.0.0/16\"");
	build(&r, yaml);
	check(&r);
	assert_int_equal(count(&r, "hba-weak-auth"), 1);
	assert_int_equal(find(&r, "hba-weak-auth")->pos.col, 74);
	/* trust on the socket is no weak auth; but pgpair's own local
	 * line comes first, so every local access line is dead */
	assert_int_equal(r.d.n, 2);
	assert_int_equal(count(&r, "hba-shadowed"), 1);
	arena_free(r.a);
}

static void
weak_auth_trust(void **state)
{
	(void)state;
	expect(HEAD(15, "access:\n"
	    "  - {type: hostssl, database: all, user: all, address: all,"
	    " method: trust}\n") PG1 PG2,
	    "hba-weak-auth", LEVEL_WARNING, 8, "trust admits anyone");
}

static void
weak_auth_ok(void **state)
{
	(void)state;
	expect_none(HEAD(15, "access:\n"
	    "  - {type: host, database: all, user: all, address: 10.1.0.0/16,"
	    " method: scram-sha-256}\n"
	    "  - {type: hostssl, database: all, user: all, address: all,"
	    " method: md5, options: {clientcert: verify-full}}\n") PG1 PG2,
	    "hba-weak-auth");
}

/*
 * What lint of the generated file says, check says: trust from 127.0.0.1
 * is no weak auth (the server's own host), but pgpair's own loopback line
 * comes first, so the access line never applies.
 */
static void
shadowed_by_generated(void **state)
{
	const char	*yaml = HEAD(15, "access:\n"
	    "  - {type: host, database: all, user: all, address: 127.0.0.1/32,"
	    " method: trust}\n") PG1 PG2;

	(void)state;
	expect(yaml, "hba-shadowed", LEVEL_WARNING, 8, "pgpair's line "
	    "\"host all all 127.0.0.1/32 scram-sha-256\" matches every "
	    "connection this line matches");
	expect_none(yaml, "hba-weak-auth");
}

/* An access line shadowed by an earlier one, named by its line. */
static void
shadowed_by_access(void **state)
{
	(void)state;
	expect(HEAD(15, "access:\n"
	    "  - {type: host, database: all, user: all, address: 10.0.0.0/8,"
	    " method: scram-sha-256}\n"
	    "  - {type: hostssl, database: shop, user: app,"
	    " address: 10.1.0.0/16, method: scram-sha-256}\n") PG1 PG2,
	    "hba-shadowed", LEVEL_WARNING, 9, "the access entry at line 8 "
	    "matches every connection this line matches");
}

/* oauth (18) takes the options the server requires (tests/check has
 * it on 17). */
static void
oauth_18(void **state)
{
	const char	*ok = HEAD(18, "settings: {oauth_validator_libraries: v}\n"
	    "access:\n"
	    "  - {type: host, database: all, user: all, address: 10.0.0.0/8,"
	    " method: oauth, options: {issuer: \"https://id.example.com\","
	    " scope: openid}}\n") PG1 PG2;
	struct run	 r;

	(void)state;
	build(&r, ok);
	check(&r);
	if (r.d.n != 0)
		dump(&r);
	assert_int_equal(r.d.n, 0);
	arena_free(r.a);
	/* without scope: the server's message, at the method */
	expect(HEAD(18, "settings: {oauth_validator_libraries: v}\n"
	    "access:\n"
	    "  - {type: host, database: all, user: all, address: 10.0.0.0/8,"
	    " method: oauth, options: {issuer: x}}\n") PG1 PG2,
	    "hba-syntax", LEVEL_ERROR, 9, "requires argument \"scope\"");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_primary_second),
		cmocka_unit_test(one_primary_none),
		cmocka_unit_test(one_primary_ok),
		cmocka_unit_test(unique_name_twice),
		cmocka_unit_test(unique_name_slot),
		cmocka_unit_test(unique_name_ok),
		cmocka_unit_test(unique_endpoint_ipv4),
		cmocka_unit_test(unique_endpoint_ipv6),
		cmocka_unit_test(unique_endpoint_hostname),
		cmocka_unit_test(unique_endpoint_ok),
		cmocka_unit_test(upstream_unknown),
		cmocka_unit_test(upstream_on_primary),
		cmocka_unit_test(upstream_cycle),
		cmocka_unit_test(upstream_self),
		cmocka_unit_test(upstream_ok),
		cmocka_unit_test(shared_directory_loopback),
		cmocka_unit_test(shared_directory_nested_default),
		cmocka_unit_test(shared_directory_ok),
		cmocka_unit_test(system_directory),
		cmocka_unit_test(system_directory_ok),
		cmocka_unit_test(path_dots),
		cmocka_unit_test(path_dots_ok),
		cmocka_unit_test(passfile_location),
		cmocka_unit_test(passfile_location_ok),
		cmocka_unit_test(debian_cluster),
		cmocka_unit_test(debian_cluster_ok),
		cmocka_unit_test(standby_params_lower),
		cmocka_unit_test(standby_params_default),
		cmocka_unit_test(standby_params_cascade),
		cmocka_unit_test(standby_params_equal),
		cmocka_unit_test(standby_params_hot_standby_off),
		cmocka_unit_test(wal_level_minimal),
		cmocka_unit_test(wal_level_cluster),
		cmocka_unit_test(wal_level_ok),
		cmocka_unit_test(wal_senders_short),
		cmocka_unit_test(wal_senders_no_spare),
		cmocka_unit_test(wal_senders_ok),
		cmocka_unit_test(replication_slots_short),
		cmocka_unit_test(replication_slots_ok),
		cmocka_unit_test(hot_standby_off),
		cmocka_unit_test(hot_standby_ok),
		cmocka_unit_test(listen_addresses_localhost),
		cmocka_unit_test(listen_addresses_v6_wildcard),
		cmocka_unit_test(listen_addresses_ok),
		cmocka_unit_test(sync_cascaded),
		cmocka_unit_test(sync_count),
		cmocka_unit_test(sync_primary),
		cmocka_unit_test(sync_ok),
		cmocka_unit_test(sync_fragile_one),
		cmocka_unit_test(sync_fragile_any),
		cmocka_unit_test(hba_generated_ok),
		cmocka_unit_test(hba_reject_first),
		cmocka_unit_test(hba_database_all),
		cmocka_unit_test(hba_narrow_network),
		cmocka_unit_test(hba_other_forms),
		cmocka_unit_test(hba_ssl),
		cmocka_unit_test(hba_group_unknown),
		cmocka_unit_test(hostname_subnet_missing),
		cmocka_unit_test(hostname_subnet_ok),
		cmocka_unit_test(weak_auth_md5),
		cmocka_unit_test(weak_auth_trust),
		cmocka_unit_test(weak_auth_ok),
		cmocka_unit_test(shadowed_by_generated),
		cmocka_unit_test(shadowed_by_access),
		cmocka_unit_test(oauth_18),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
