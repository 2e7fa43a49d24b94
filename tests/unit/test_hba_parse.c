/*
 * Unit tests for hba_parse.c: what each field means, which lines the server
 * refuses for which PostgreSQL version, the server's message, the rule and
 * the position of the offending field.  The messages were checked against
 * pg_hba_file_rules of real servers (12 to 18).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "diag.h"
#include "hba_parse.h"
#include "rule.h"

struct fx {
	struct arena	*a;
	struct diags	 d;
	struct hba_file	 f;
};

static int
setup(void **state)
{
	struct fx	*fx = calloc(1, sizeof(*fx));

	if (fx == NULL)
		return -1;
	fx->a = arena_new();
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*fx = *state;

	arena_free(fx->a);
	free(fx);
	return 0;
}

/* Parse text as major with the default build; returns the first line. */
static const struct hba_line *
parse_feat(struct fx *fx, int major, unsigned feat, const char *text)
{
	struct hba_opts	 o = { .major = major, .features = feat };

	diags_init(&fx->d, fx->a);
	assert_int_equal(hba_parse_buf(fx->a, "pg_hba.conf", text,
	    strlen(text), &o, &fx->d, &fx->f), 0);
	return fx->f.first;
}

static const struct hba_line *
parse(struct fx *fx, int major, const char *text)
{
	return parse_feat(fx, major, HBA_FEAT_DEFAULT, text);
}

/* Exactly one diagnostic: rule, line, column and message. */
static void
assert_one(struct fx *fx, const char *rule, unsigned line, unsigned col,
    const char *msg)
{
	assert_int_equal(fx->d.n, 1);
	assert_string_equal(fx->d.v[0].rule, rule);
	assert_int_equal(fx->d.v[0].level, LEVEL_ERROR);
	assert_int_equal(fx->d.v[0].pos.line, line);
	assert_int_equal(fx->d.v[0].pos.col, col);
	assert_string_equal(fx->d.v[0].msg, msg);
}

static void
assert_clean(struct fx *fx)
{
	if (fx->d.n > 0)
		fail_msg("unexpected: %s", fx->d.v[0].msg);
	assert_int_equal(fx->f.nerrors, 0);
}

/*
 * Keys: what a database or user token stands for in check_db() and
 * check_role(), equal for tokens that match the same names.
 */
static void
test_keys(void **state)
{
	struct fx		*fx = *state;
	const struct hba_line	*hl, *h2;
	const char		*t;

	t = "host all,\"all\",replication,sameuser,samegroup,samerole,"
	    "db1,\"db1\",/^x,\"/^x\" u1,+g,\"+g\",all,/^x,g 10.0.0.1/32 md5\n"
	    "host db1,\"+g\" \"u1\",+g,\"all\" 10.0.0.2/32 md5\n";
	hl = parse(fx, 16, t);
	assert_clean(fx);
	h2 = hl->next;
	assert_int_equal(hl->ndb, 10);
	assert_int_equal(hl->db[0].key, HBA_KEY_ALL);
	assert_int_equal(HBA_KEY_KIND(hl->db[1].key), HBA_KIND_NAME);
	assert_int_equal(hl->db[2].key, HBA_KEY_REPLICATION);
	assert_int_equal(hl->db[3].key, HBA_KEY_SAMEUSER);
	assert_int_equal(hl->db[4].key, HBA_KEY_SAMEROLE);
	assert_int_equal(hl->db[5].key, HBA_KEY_SAMEROLE);
	/* quotes do not change a name */
	assert_int_equal(HBA_KEY_KIND(hl->db[6].key), HBA_KIND_NAME);
	assert_int_equal(hl->db[6].key, hl->db[7].key);
	assert_int_equal(h2->db[0].key, hl->db[6].key);
	/* 16: a regular expression, quoted or not */
	assert_int_equal(HBA_KEY_KIND(hl->db[8].key), HBA_KIND_REGEX);
	assert_int_equal(hl->db[8].key, hl->db[9].key);
	assert_int_equal(HBA_KEY_KIND(hl->user[0].key), HBA_KIND_NAME);
	assert_int_equal(HBA_KEY_KIND(hl->user[1].key), HBA_KIND_GROUP);
	assert_int_equal(HBA_KEY_KIND(hl->user[2].key), HBA_KIND_NAME);
	assert_int_equal(hl->user[3].key, HBA_KEY_ALL);
	assert_int_equal(HBA_KEY_KIND(hl->user[4].key), HBA_KIND_REGEX);
	/* the group +g and the role g are not the same */
	assert_int_not_equal(hl->user[1].key, hl->user[5].key);
	assert_int_equal(h2->user[0].key, hl->user[0].key);
	assert_int_equal(h2->user[1].key, hl->user[1].key);
	/* a quoted "+g" is the name +g; a quoted "all" the name all */
	assert_int_equal(h2->db[1].key, hl->user[2].key);
	assert_int_equal(h2->user[2].key, hl->db[1].key);
	assert_int_not_equal(hl->db[1].key, hl->db[6].key);

	/* 15: no regular expressions */
	hl = parse(fx, 15, t);
	assert_clean(fx);
	assert_int_equal(HBA_KEY_KIND(hl->db[8].key), HBA_KIND_NAME);
	assert_int_equal(HBA_KEY_KIND(hl->user[4].key), HBA_KIND_NAME);

	/* names of 8 to 18 bytes, in both orders */
	t = "host a1234567,a12345678,a12345678901234,a123456789012345,"
	    "a1234567890123456,\"\" u 10.0.0.1/32 md5\n"
	    "host \"\",a1234567890123456,a123456789012345,a12345678901234,"
	    "a12345678,a1234567 u 10.0.0.2/32 md5\n"
	    "host a1234567x,a12345678x,a12345678901234x,a123456789012345x,"
	    "a1234567890123456x,\"x\" u 10.0.0.3/32 md5\n";
	hl = parse(fx, 16, t);
	assert_clean(fx);
	assert_int_equal(hl->ndb, 6);
	/* the second line lists them the other way round */
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(hl->next->db[5 - i].key, hl->db[i].key);
		assert_int_not_equal(hl->next->next->db[i].key,
		    hl->db[i].key);
		for (size_t j = 0; j < i; j++)
			assert_int_not_equal(hl->db[i].key, hl->db[j].key);
	}
}

static void
test_fields(void **state)
{
	struct fx		*fx = *state;
	const struct hba_line	*hl;

	hl = parse(fx, 18, "# c\nhostssl  db1,\"db 2\" +grp  10.1.2.0/24  "
	    "scram-sha-256 clientcert=verify-full\n");
	assert_clean(fx);
	assert_int_equal(fx->f.nlines, 1);
	assert_int_equal(hl->conntype, HBA_HOSTSSL);
	assert_int_equal(hl->type_at.line, 2);
	assert_int_equal(hl->ndb, 2);
	assert_string_equal(hl->db[1].text, "db 2");
	assert_int_equal(hl->db[0].pos.col, 10);
	assert_string_equal(hl->user[0].text, "+grp");
	assert_int_equal(hl->user[0].pos.col, 21);
	assert_int_equal(hl->addr_kind, HBA_ADDR_IP);
	assert_string_equal(hl->addr_text, "10.1.2.0/24");
	assert_int_equal(hl->addr_at.col, 27);
	assert_int_equal(hl->family, 4);
	assert_int_equal(hl->prefixlen, 24);
	assert_memory_equal(hl->addr, "\x0a\x01\x02\x00", 4);
	assert_memory_equal(hl->mask, "\xff\xff\xff\x00", 4);
	assert_int_equal(hl->method, AUTH_SCRAM);
	assert_string_equal(hba_method_name(hl->method), "scram-sha-256");
	assert_int_equal(hl->method_at.col, 40);
	assert_int_equal(hl->nopt, 1);
	assert_string_equal(hl->opt[0].name, "clientcert");
	assert_string_equal(hl->opt[0].value, "verify-full");
	assert_int_equal(hl->opt[0].pos.col, 54);
}

static void
test_quoted_all_not_keyword(void **state)
{
	struct fx		*fx = *state;
	const struct hba_line	*hl;

	hl = parse(fx, 18, "host \"all\" all \"all\" md5\n"
	    "host all all all md5\n");
	assert_clean(fx);
	assert_int_equal(hl->db[0].quoted, 1);
	assert_int_equal(hl->user[0].quoted, 0);
	/* a quoted "all" address is a host name, and takes no mask column */
	assert_int_equal(hl->addr_kind, HBA_ADDR_HOSTNAME);
	assert_int_equal(hl->method, AUTH_MD5);
	assert_int_equal(hl->next->addr_kind, HBA_ADDR_ALL);
}

/* An address with /bits, in every spelling, means what the server makes of
 * it. */
static void
test_address_cidr(void **state)
{
	struct fx		*fx = *state;
	const struct hba_line	*hl;
	static const unsigned char a[4] = { 10, 1, 2, 3 };
	static const unsigned char b[4] = { 1, 2, 0, 3 };

	hl = parse(fx, 16, "host all all 10.1.2.3/24 md5\n");
	assert_clean(fx);
	assert_int_equal(hl->addr_kind, HBA_ADDR_IP);
	assert_int_equal(hl->family, 4);
	assert_int_equal(hl->prefixlen, 24);
	assert_memory_equal(hl->addr, a, 4);
	assert_int_equal(hl->mask[2], 0xff);
	assert_int_equal(hl->mask[3], 0);
	hl = parse(fx, 16, "host all all 10.1.2.3/08 md5\n");
	assert_clean(fx);
	assert_int_equal(hl->prefixlen, 8);
	/* a.b.c: inet_aton()'s short form, the server's too */
	hl = parse(fx, 16, "host all all 1.2.3/16 md5\n");
	assert_clean(fx);
	assert_int_equal(hl->family, 4);
	assert_memory_equal(hl->addr, b, 4);
	assert_int_equal(hl->prefixlen, 16);
	hl = parse(fx, 16, "host all all 10.1.2.3/33 md5\n");
	assert_one(fx, "hba-syntax", 1, 14,
	    "invalid CIDR mask in address \"10.1.2.3/33\"");
	hl = parse(fx, 16, "host all all 10.1.2.3/0032 md5\n");
	assert_clean(fx);
	assert_int_equal(hl->prefixlen, 32);
	/* parts of one, two and three digits, up to 255 */
	hl = parse(fx, 16, "host all all 0.99.100.255/32 md5\n");
	assert_clean(fx);
	assert_int_equal(hl->addr[0], 0);
	assert_int_equal(hl->addr[1], 99);
	assert_int_equal(hl->addr[2], 100);
	assert_int_equal(hl->addr[3], 255);
	parse(fx, 16, "host all all 1.2.3.256/32 md5\n");
	assert_one(fx, "hba-syntax", 1, 14, "specifying both host name and "
	    "CIDR mask is invalid: \"1.2.3.256/32\"");
	parse(fx, 16, "host all all 1.2.3.1000/32 md5\n");
	assert_one(fx, "hba-syntax", 1, 14, "specifying both host name and "
	    "CIDR mask is invalid: \"1.2.3.1000/32\"");
}

/* The mask of every prefix length, both families, bit by bit. */
static void
test_prefix_masks(void **state)
{
	struct fx		*fx = *state;
	const struct hba_line	*hl;

	for (int fam = 4; fam <= 6; fam += 2)
		for (int q = 0; q <= (fam == 4 ? 32 : 128); q++) {
			hl = parse(fx, 16, fam == 4 ?
			    arena_printf(fx->a, "host all all 10.0.0.0/%d "
			    "md5\n", q) : arena_printf(fx->a,
			    "host all all fd00::/%d md5\n", q));
			assert_clean(fx);
			assert_int_equal(hl->prefixlen, q);
			for (int bit = 0; bit < 128; bit++)
				assert_int_equal(!!(hl->mask[bit / 8] &
				    (0x80 >> (bit % 8))), bit < q);
		}
}

static void
test_address_netmask(void **state)
{
	struct fx		*fx = *state;
	const struct hba_line	*hl;

	hl = parse(fx, 18, "host all all 192.168.0.0 255.255.0.0 md5\n"
	    "host all all 10.0.0.1 255.0.255.0 md5\n");
	assert_clean(fx);
	assert_int_equal(hl->addr_kind, HBA_ADDR_IP);
	assert_string_equal(hl->mask_text, "255.255.0.0");
	assert_int_equal(hl->prefixlen, 16);
	assert_int_equal(hl->method_at.col, 38);
	/* the server takes a mask with holes; we say it has no prefix */
	assert_int_equal(hl->next->prefixlen, -1);

	parse(fx, 18, "host all all 127.0.0.1 md5\n");
	assert_one(fx, "hba-syntax", 1, 24,
	    "invalid IP mask \"md5\": Name or service not known");
	parse(fx, 18, "host all all 10.0.0.0 ffff:: md5\n");
	assert_one(fx, "hba-syntax", 1, 23, "IP address and mask do not match");
	parse(fx, 18, "host all all 10.0.0.1\n");
	assert_one(fx, "hba-syntax", 1, 22,
	    "end-of-line before netmask specification");
}

static void
test_ipv6_cidr(void **state)
{
	struct fx		*fx = *state;
	const struct hba_line	*hl;

	hl = parse(fx, 18, "host all all fe80::/10 md5\n");
	assert_clean(fx);
	assert_int_equal(hl->family, 6);
	assert_int_equal(hl->prefixlen, 10);
	assert_int_equal(hl->addr[0], 0xfe);
	assert_int_equal(hl->addr[1], 0x80);
	assert_int_equal(hl->mask[0], 0xff);
	assert_int_equal(hl->mask[1], 0xc0);
	assert_int_equal(hl->mask[2], 0);
	parse(fx, 18, "host all all ::1/129 md5\n");
	assert_one(fx, "hba-syntax", 1, 14,
	    "invalid CIDR mask in address \"::1/129\"");
}

static void
test_bad_mask(void **state)
{
	struct fx		*fx = *state;
	const struct hba_line	*hl;

	hl = parse(fx, 18, "local all all trust\n"
	    "host all all 127.0.0.1/33 md5\n");
	assert_one(fx, "hba-syntax", 2, 14,
	    "invalid CIDR mask in address \"127.0.0.1/33\"");
	assert_null(hl->error);
	assert_non_null(hl->next->error);
	assert_int_equal(hl->next->error_loads, 0);
	assert_int_equal(fx->f.nerrors, 1);
	/* strtol() rules, as ip.c pg_sockaddr_cidr_mask() */
	hl = parse(fx, 18, "host all all 10.0.0.0/+8 md5\n"
	    "host all all 10.0.0.0/08 md5\n");
	assert_clean(fx);
	assert_int_equal(hl->prefixlen, 8);
	parse(fx, 18, "host all all 10.0.0.0/ md5\n");
	assert_one(fx, "hba-syntax", 1, 14,
	    "invalid CIDR mask in address \"10.0.0.0/\"");
	parse(fx, 18, "host all all db.example.com/24 md5\n");
	assert_one(fx, "hba-syntax", 1, 14, "specifying both host name and "
	    "CIDR mask is invalid: \"db.example.com/24\"");
	/* host bits are masked by the server, not refused */
	parse(fx, 18, "host all all 127.0.0.5/8 md5\n");
	assert_clean(fx);
}

static void
test_missing_fields(void **state)
{
	struct fx	*fx = *state;

	parse(fx, 18, "host all all 127.0.0.1/32\n");
	assert_one(fx, "hba-syntax", 1, 26,
	    "end-of-line before authentication method");
	parse(fx, 18, "local all   # c\n");
	assert_one(fx, "hba-syntax", 1, 10,
	    "end-of-line before role specification");
	parse(fx, 18, "host all all\n");
	assert_one(fx, "hba-syntax", 1, 13,
	    "end-of-line before IP address specification");
	parse(fx, 18, "local\n");
	assert_one(fx, "hba-syntax", 1, 6,
	    "end-of-line before database specification");
}

static void
test_unknown_method(void **state)
{
	struct fx	*fx = *state;

	parse(fx, 18, "host all all all md4\n");
	assert_one(fx, "hba-syntax", 1, 18,
	    "invalid authentication method \"md4\"");
	/* methods are case-sensitive; quotes do not matter */
	parse(fx, 18, "host all all all MD5\n");
	assert_one(fx, "hba-syntax", 1, 18,
	    "invalid authentication method \"MD5\"");
	parse(fx, 18, "host all all all \"md5\"\n");
	assert_clean(fx);
	/* oauth came with 18 */
	parse(fx, 17, "host all all all oauth issuer=x scope=y\n");
	assert_one(fx, "hba-syntax", 1, 18,
	    "invalid authentication method \"oauth\"");
	parse(fx, 18, "host all all all oauth issuer=x\n");
	assert_one(fx, "hba-syntax", 1, 18, "authentication method \"oauth\" "
	    "requires argument \"scope\" to be set");
	/* a build without a feature refuses its methods */
	parse_feat(fx, 16, HBA_FEAT_SSL, "host all all all ldap "
	    "ldapbasedn=x\n");
	assert_one(fx, "hba-syntax", 1, 18, "invalid authentication method "
	    "\"ldap\": not supported by this build");
	parse(fx, 16, "host all all all sspi\n");
	assert_one(fx, "hba-syntax", 1, 18, "invalid authentication method "
	    "\"sspi\": not supported by this build");
}

static void
test_method_conntype(void **state)
{
	struct fx		*fx = *state;
	const struct hba_line	*hl;

	hl = parse(fx, 18, "local all all ident\n");
	assert_clean(fx);
	assert_int_equal(hl->method, AUTH_PEER);
	parse(fx, 18, "host all all all peer\n");
	assert_one(fx, "hba-syntax", 1, 18,
	    "peer authentication is only supported on local sockets");
	parse(fx, 18, "host all all all cert\n");
	assert_one(fx, "hba-syntax", 1, 18,
	    "cert authentication is only supported on hostssl connections");
	parse(fx, 18, "local all all gss\n");
	assert_one(fx, "hba-syntax", 1, 15,
	    "gssapi authentication is not supported on local sockets");
}

static void
test_options(void **state)
{
	struct fx	*fx = *state;

	parse(fx, 18, "host all all all md5 ldapserver=x\n");
	assert_one(fx, "hba-syntax", 1, 22, "authentication option "
	    "\"ldapserver\" is only valid for authentication methods ldap");
	parse(fx, 17, "host all all all md5 map=x\n");
	assert_one(fx, "hba-syntax", 1, 22, "authentication option \"map\" is "
	    "only valid for authentication methods ident, peer, gssapi, sspi, "
	    "and cert");
	parse(fx, 18, "host all all all md5 map=x\n");
	assert_one(fx, "hba-syntax", 1, 22, "authentication option \"map\" is "
	    "only valid for authentication methods ident, peer, gssapi, sspi, "
	    "cert, and oauth");
	parse(fx, 18, "host all all all md5 foo=bar\n");
	assert_one(fx, "hba-syntax", 1, 22,
	    "unrecognized authentication option name: \"foo\"");
	parse(fx, 18, "host all all all ldap ldapserver\n");
	assert_one(fx, "hba-syntax", 1, 23,
	    "authentication option not in name=value format: ldapserver");
	/* each token of a comma list is an option */
	parse(fx, 18, "local all all peer map=a,b\n");
	assert_one(fx, "hba-syntax", 1, 26,
	    "authentication option not in name=value format: b");
	parse(fx, 18, "local all all peer map=m\nhost all all all ldap "
	    "ldapserver=h ldapbasedn=\"dc=x, dc=y\" ldapport=636\n");
	assert_clean(fx);
	parse(fx, 18, "host all all all radius radiusservers=127.0.0.1\n");
	assert_one(fx, "hba-syntax", 1, 18, "authentication method \"radius\" "
	    "requires argument \"radiussecrets\" to be set");
	parse(fx, 15, "host all all all ldap ldapprefix=cn= ldapbasedn=x\n");
	assert_one(fx, "hba-syntax", 1, 18, "cannot use ldapbasedn, "
	    "ldapbinddn, "
	    "ldapbindpasswd, ldapsearchattribute, ldapsearchfilter, or ldapurl "
	    "together with ldapprefix");
}

static void
test_clientcert_versions(void **state)
{
	struct fx	*fx = *state;

	/* 12 and 13 take 1, 0 and no-verify; 14 dropped them */
	parse(fx, 13, "hostssl all all all md5 clientcert=1\n"
	    "hostssl all all all md5 clientcert=no-verify\n");
	assert_clean(fx);
	parse(fx, 14, "hostssl all all all md5 clientcert=1\n");
	assert_one(fx, "hba-syntax", 1, 25,
	    "invalid value for clientcert: \"1\"");
	parse(fx, 12, "hostssl all all all cert clientcert=0\n");
	assert_one(fx, "hba-syntax", 1, 26, "clientcert can not be set to "
	    "\"no-verify\" when using \"cert\" authentication");
	parse(fx, 18, "hostssl all all all cert clientcert=verify-ca\n");
	assert_one(fx, "hba-syntax", 1, 26, "clientcert can only be set to "
	    "\"verify-full\" when using \"cert\" authentication");
	parse(fx, 18, "host all all all md5 clientcert=verify-full\n");
	assert_one(fx, "hba-syntax", 1, 22,
	    "clientcert can only be configured for \"hostssl\" rows");
	/* clientname came with 14 */
	parse(fx, 13, "hostssl all all all md5 clientname=DN\n");
	assert_one(fx, "hba-syntax", 1, 25,
	    "unrecognized authentication option name: \"clientname\"");
	parse(fx, 14, "hostssl all all all md5 clientname=DN\n");
	assert_clean(fx);
}

static void
test_regex_versions(void **state)
{
	struct fx	*fx = *state;

	parse(fx, 16, "host all /^a(b 127.0.0.1/32 md5\n");
	assert_one(fx, "hba-syntax", 1, 10, "invalid regular expression "
	    "\"^a(b\": parentheses () not balanced");
	parse(fx, 18, "host /x[ all 127.0.0.1/32 md5\n");
	assert_one(fx, "hba-syntax", 1, 6, "invalid regular expression "
	    "\"x[\": brackets [] not balanced");
	/* quoting does not stop a regular expression */
	parse(fx, 18, "host all \"/a)\" 127.0.0.1/32 md5\n");
	assert_one(fx, "hba-syntax", 1, 10, "invalid regular expression "
	    "\"a)\": parentheses () not balanced");
	parse(fx, 18, "host /^db[0-9]+$ /^u(?:x|y)*$,/[[:alpha:]]] "
	    "127.0.0.1/32 md5\n");
	assert_clean(fx);
	/* before 16 a / is part of a name */
	parse(fx, 15, "host all /^a(b 127.0.0.1/32 md5\n");
	assert_clean(fx);
}

static void
test_include_versions(void **state)
{
	struct fx	*fx = *state;

	parse(fx, 15, "local all all trust\ninclude other.conf\n");
	assert_one(fx, "hba-include", 2, 1,
	    "invalid connection type \"include\"");
	parse(fx, 16, "local all all trust\ninclude nofile.conf\n");
	assert_one(fx, "hba-include", 2, 9,
	    "could not open file \"nofile.conf\": No such file or directory");
	parse(fx, 16, "include_if_exists nofile.conf\nlocal all all trust\n");
	assert_clean(fx);
	assert_int_equal(fx->f.nlines, 1);
	parse(fx, 16, "host all @nofile all md5\n");
	assert_one(fx, "hba-include", 1, 10,
	    "could not open file \"nofile\": No such file or directory");
}

static void
test_continuation_versions(void **state)
{
	struct fx		*fx = *state;
	const struct hba_line	*hl;
	const char		*text = "host all all \\\n  127.0.0.1/32 md5\n";

	hl = parse(fx, 14, text);
	assert_clean(fx);
	assert_int_equal(hl->method_at.line, 2);
	assert_int_equal(hl->method_at.col, 16);
	/* 13: the address is "\\", a host name, and the method is missing */
	parse(fx, 13, text);
	assert_int_equal(fx->d.n, 2);
	assert_string_equal(fx->d.v[0].msg,
	    "end-of-line before authentication method");
	assert_string_equal(fx->d.v[1].msg,
	    "invalid connection type \"127.0.0.1/32\"");
}

static void
test_soft_errors(void **state)
{
	struct fx		*fx = *state;
	const struct hba_line	*hl;

	/* the view shows these, but the server loads the file */
	hl = parse_feat(fx, 18, HBA_FEAT_DEFAULT | HBA_FEAT_SSL_OFF,
	    "hostssl all all all md5\n");
	/* A warning, not an error: the server loads the file. */
	assert_int_equal(fx->d.n, 1);
	assert_string_equal(fx->d.v[0].rule, "hba-cannot-match");
	assert_int_equal(fx->d.v[0].level, LEVEL_WARNING);
	assert_int_equal(fx->d.v[0].pos.line, 1);
	assert_int_equal(fx->d.v[0].pos.col, 1);
	assert_string_equal(fx->d.v[0].msg,
	    "hostssl record cannot match because SSL is disabled");
	assert_int_equal(hl->error_loads, 1);
	hl = parse_feat(fx, 18, HBA_FEAT_SSL, "hostgssenc all all all md5\n");
	assert_int_equal(hl->error_loads, 1);
	/* a later real error replaces the message */
	hl = parse_feat(fx, 18, HBA_FEAT_SSL, "hostgssenc all all all md4\n");
	assert_int_equal(hl->error_loads, 0);
	assert_string_equal(hl->error, "invalid authentication method \"md4\"");
}

/* What the differential harness taught: the server's view of these. */
static void
test_server_placement(void **state)
{
	struct fx	*fx = *state;
	struct hba_opts	 o = { .major = 18, .features = HBA_FEAT_DEFAULT };
	const char	*text;

	/* A file without a record is refused as a whole. */
	parse(fx, 15, "# only a comment\n\n");
	assert_int_equal(fx->d.n, 1);
	assert_string_equal(fx->d.v[0].rule, "hba-syntax");
	assert_int_equal(fx->d.v[0].pos.line, 0);
	assert_string_equal(fx->d.v[0].msg,
	    "configuration file \"pg_hba.conf\" contains no entries");
	/* 14+: a record is numbered by its first line. */
	parse(fx, 14, "local all all peer\nhost all all \\\n  127.0.0.1/33 md5\n");
	assert_int_equal(fx->d.n, 1);
	assert_int_equal(fx->d.v[0].pos.line, 2);
	assert_non_null(strstr(fx->d.v[0].msg, "continuation line 3"));
	/* 18: oauth needs oauth_validator_libraries from postgresql.conf. */
	parse(fx, 18, "host all all 10.0.0.0/8 oauth issuer=https://i "
	    "scope=openid\n");
	assert_int_equal(fx->d.n, 1);
	assert_string_equal(fx->d.v[0].msg, "oauth_validator_libraries must "
	    "be set for authentication method oauth");
	o.oauth_validators = "myvalidator";
	diags_init(&fx->d, fx->a);
	text = "host all all 10.0.0.0/8 oauth issuer=https://i scope=openid\n";
	hba_parse_buf(fx->a, "pg_hba.conf", text, strlen(text), &o, &fx->d,
	    &fx->f);
	assert_int_equal(fx->d.n, 0);
	o.oauth_validators = "a, b";
	diags_init(&fx->d, fx->a);
	text = "host all all 10.0.0.0/8 oauth issuer=https://i scope=openid "
	    "validator=c\n";
	hba_parse_buf(fx->a, "pg_hba.conf", text, strlen(text), &o, &fx->d,
	    &fx->f);
	assert_int_equal(fx->d.n, 1);
	assert_string_equal(fx->d.v[0].msg,
	    "validator \"c\" is not permitted by oauth_validator_libraries");
}

static void
test_many_errors_capped(void **state)
{
	struct fx	*fx = *state;
	char		*text;
	size_t		 i;

	text = arena_alloc(fx->a, 150 * 8 + 1);
	text[0] = '\0';
	for (i = 0; i < 150; i++)
		strcat(text, "bogus x\n");
	parse(fx, 18, text);
	assert_int_equal(fx->f.nerrors, 150);
	assert_int_equal(fx->d.n, 100);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quoted_all_not_keyword,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_address_cidr, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_prefix_masks, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_address_netmask, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_ipv6_cidr, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bad_mask, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_fields, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unknown_method, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_method_conntype, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clientcert_versions, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_regex_versions, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_include_versions, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_continuation_versions,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_soft_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_server_placement, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_many_errors_capped, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
