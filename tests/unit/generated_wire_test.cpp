// Wire tests of the generated builders: the exact request bytes of a call, written out by hand
// from the Redis command syntax (not from the generator), so a grammar or encoding slip in
// codegen/ shows up here. One TEST per command group.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "typedis/typedis.hpp"

namespace {

using namespace std::chrono_literals;
namespace c = typedis::cmd;

const std::chrono::system_clock::time_point epoch{};
const std::vector<std::string> keys_vector{"x", "y", "z"};
const std::map<std::string, std::string> fields_map{{"a", "1"}, {"b", "2"}};

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"  // GEORADIUS, BRPOPLPUSH, ... are tested too
#endif

TEST(generated_wire, string) {
  EXPECT_EQ(c::get("k").bytes(),
            "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
  EXPECT_EQ(c::set("k", "v").bytes(),
            "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n");
  EXPECT_EQ(c::set("k", "v", {.condition = typedis::nx{}, .expiration = typedis::ex{30s}}).bytes(),
            "*6\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n$2\r\nNX\r\n$2\r\nEX\r\n$2\r\n30\r\n");
  EXPECT_EQ(c::set("k", "v", {.expiration = typedis::px{1500ms}}).bytes(),
            "*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n$2\r\nPX\r\n$4\r\n1500\r\n");
  EXPECT_EQ(c::set("k", "v", {.condition = typedis::xx{}, .expiration = typedis::keepttl{}}).bytes(),
            "*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n$2\r\nXX\r\n$7\r\nKEEPTTL\r\n");
  EXPECT_EQ(c::set("k", "v", {.expiration = typedis::exat{epoch + 1700000000s}}).bytes(),
            "*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n$4\r\nEXAT\r\n$10\r\n1700000000\r\n");
  EXPECT_EQ(c::set("k", "v", {.expiration = typedis::pxat{epoch + 1700000000123ms}}).bytes(),
            "*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n$4\r\nPXAT\r\n$13\r\n1700000000123\r\n");
  EXPECT_EQ(c::set("k", "v", {.condition = typedis::ifeq{"old"}}).bytes(),
            "*5\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n$4\r\nIFEQ\r\n$3\r\nold\r\n");
  EXPECT_EQ(c::set_get("k", "v", {.expiration = typedis::ex{1min}}).bytes(),
            "*6\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n$3\r\nGET\r\n$2\r\nEX\r\n$2\r\n60\r\n");
  EXPECT_EQ(c::getex("k", {.expiration = typedis::persist{}}).bytes(),
            "*3\r\n$5\r\nGETEX\r\n$1\r\nk\r\n$7\r\nPERSIST\r\n");
  EXPECT_EQ(c::getdel("k").bytes(),
            "*2\r\n$6\r\nGETDEL\r\n$1\r\nk\r\n");
  EXPECT_EQ(c::getrange("k", 0, -1).bytes(),
            "*4\r\n$8\r\nGETRANGE\r\n$1\r\nk\r\n$1\r\n0\r\n$2\r\n-1\r\n");
  EXPECT_EQ(c::setrange("k", 5, "xyz").bytes(),
            "*4\r\n$8\r\nSETRANGE\r\n$1\r\nk\r\n$1\r\n5\r\n$3\r\nxyz\r\n");
  EXPECT_EQ(c::append("k", "tail").bytes(),
            "*3\r\n$6\r\nAPPEND\r\n$1\r\nk\r\n$4\r\ntail\r\n");
  EXPECT_EQ(c::strlen("k").bytes(),
            "*2\r\n$6\r\nSTRLEN\r\n$1\r\nk\r\n");
  EXPECT_EQ(c::incr("n").bytes(),
            "*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n");
  EXPECT_EQ(c::incrby("n", -42).bytes(),
            "*3\r\n$6\r\nINCRBY\r\n$1\r\nn\r\n$3\r\n-42\r\n");
  EXPECT_EQ(c::incrbyfloat("n", 2.5).bytes(),
            "*3\r\n$11\r\nINCRBYFLOAT\r\n$1\r\nn\r\n$3\r\n2.5\r\n");
  EXPECT_EQ(c::decr("n").bytes(),
            "*2\r\n$4\r\nDECR\r\n$1\r\nn\r\n");
  EXPECT_EQ(c::decrby("n", 7).bytes(),
            "*3\r\n$6\r\nDECRBY\r\n$1\r\nn\r\n$1\r\n7\r\n");
  EXPECT_EQ(c::mget({"a", "b", "c"}).bytes(),
            "*4\r\n$4\r\nMGET\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n");
  EXPECT_EQ(c::mset({{"a", "1"}, {"b", "2"}}).bytes(),
            "*5\r\n$4\r\nMSET\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n");
  EXPECT_EQ(c::msetnx({{"a", "1"}}).bytes(),
            "*3\r\n$6\r\nMSETNX\r\n$1\r\na\r\n$1\r\n1\r\n");
  EXPECT_EQ(c::psetex("k", 250ms, "v").bytes(),
            "*4\r\n$6\r\nPSETEX\r\n$1\r\nk\r\n$3\r\n250\r\n$1\r\nv\r\n");
  EXPECT_EQ(c::lcs("a", "b", {.minmatchlen = 4, .withmatchlen = true}).bytes(),
            "*6\r\n$3\r\nLCS\r\n$1\r\na\r\n$1\r\nb\r\n$11\r\nMINMATCHLEN\r\n$1\r\n4\r\n$12\r\nWITHMATCHLEN\r\n");
  EXPECT_EQ(c::lcs_len("a", "b").bytes(),
            "*4\r\n$3\r\nLCS\r\n$1\r\na\r\n$1\r\nb\r\n$3\r\nLEN\r\n");
  EXPECT_EQ(c::lcs_idx("a", "b").bytes(),
            "*4\r\n$3\r\nLCS\r\n$1\r\na\r\n$1\r\nb\r\n$3\r\nIDX\r\n");
  EXPECT_EQ(c::substr("k", 1, 3).bytes(),
            "*4\r\n$6\r\nSUBSTR\r\n$1\r\nk\r\n$1\r\n1\r\n$1\r\n3\r\n");
}

TEST(generated_wire, generic) {
  EXPECT_EQ(c::del({"a", "b"}).bytes(),
            "*3\r\n$3\r\nDEL\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(c::del("one").bytes(),
            "*2\r\n$3\r\nDEL\r\n$3\r\none\r\n");
  EXPECT_EQ(c::del(keys_vector).bytes(),
            "*4\r\n$3\r\nDEL\r\n$1\r\nx\r\n$1\r\ny\r\n$1\r\nz\r\n");
  EXPECT_EQ(c::unlink({"a"}).bytes(),
            "*2\r\n$6\r\nUNLINK\r\n$1\r\na\r\n");
  EXPECT_EQ(c::exists({"a", "b"}).bytes(),
            "*3\r\n$6\r\nEXISTS\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(c::touch({"a"}).bytes(),
            "*2\r\n$5\r\nTOUCH\r\n$1\r\na\r\n");
  EXPECT_EQ(c::expire("k", 10s).bytes(),
            "*3\r\n$6\r\nEXPIRE\r\n$1\r\nk\r\n$2\r\n10\r\n");
  EXPECT_EQ(c::expire("k", 2min, {.condition = typedis::gt{}}).bytes(),
            "*4\r\n$6\r\nEXPIRE\r\n$1\r\nk\r\n$3\r\n120\r\n$2\r\nGT\r\n");
  EXPECT_EQ(c::pexpire("k", 1500ms, {.condition = typedis::nx{}}).bytes(),
            "*4\r\n$7\r\nPEXPIRE\r\n$1\r\nk\r\n$4\r\n1500\r\n$2\r\nNX\r\n");
  EXPECT_EQ(c::expireat("k", epoch + 1700000000s).bytes(),
            "*3\r\n$8\r\nEXPIREAT\r\n$1\r\nk\r\n$10\r\n1700000000\r\n");
  EXPECT_EQ(c::pexpireat("k", epoch + 1700000000500ms).bytes(),
            "*3\r\n$9\r\nPEXPIREAT\r\n$1\r\nk\r\n$13\r\n1700000000500\r\n");
  EXPECT_EQ(c::expiretime("k").bytes(),
            "*2\r\n$10\r\nEXPIRETIME\r\n$1\r\nk\r\n");
  EXPECT_EQ(c::pexpiretime("k").bytes(),
            "*2\r\n$11\r\nPEXPIRETIME\r\n$1\r\nk\r\n");
  EXPECT_EQ(c::ttl("k").bytes(),
            "*2\r\n$3\r\nTTL\r\n$1\r\nk\r\n");
  EXPECT_EQ(c::pttl("k").bytes(),
            "*2\r\n$4\r\nPTTL\r\n$1\r\nk\r\n");
  EXPECT_EQ(c::persist("k").bytes(),
            "*2\r\n$7\r\nPERSIST\r\n$1\r\nk\r\n");
  EXPECT_EQ(c::type("k").bytes(),
            "*2\r\n$4\r\nTYPE\r\n$1\r\nk\r\n");
  EXPECT_EQ(c::rename("a", "b").bytes(),
            "*3\r\n$6\r\nRENAME\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(c::renamenx("a", "b").bytes(),
            "*3\r\n$8\r\nRENAMENX\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(c::copy("a", "b", {.db = 2, .replace = true}).bytes(),
            "*6\r\n$4\r\nCOPY\r\n$1\r\na\r\n$1\r\nb\r\n$2\r\nDB\r\n$1\r\n2\r\n$7\r\nREPLACE\r\n");
  EXPECT_EQ(c::move("k", 3).bytes(),
            "*3\r\n$4\r\nMOVE\r\n$1\r\nk\r\n$1\r\n3\r\n");
  EXPECT_EQ(c::keys("user:*").bytes(),
            "*2\r\n$4\r\nKEYS\r\n$6\r\nuser:*\r\n");
  EXPECT_EQ(c::scan(0, {.match = "a*", .count = 100, .type = "string"}).bytes(),
            "*8\r\n$4\r\nSCAN\r\n$1\r\n0\r\n$5\r\nMATCH\r\n$2\r\na*\r\n$5\r\nCOUNT\r\n$3\r\n100\r\n$4\r\nTYPE\r\n$6\r\nstring\r\n");
  EXPECT_EQ(c::randomkey().bytes(),
            "*1\r\n$9\r\nRANDOMKEY\r\n");
  EXPECT_EQ(c::dump("k").bytes(),
            "*2\r\n$4\r\nDUMP\r\n$1\r\nk\r\n");
  EXPECT_EQ(c::restore("k", 0ms, "payload", {.replace = true, .absttl = true}).bytes(),
            "*6\r\n$7\r\nRESTORE\r\n$1\r\nk\r\n$1\r\n0\r\n$7\r\npayload\r\n$7\r\nREPLACE\r\n$6\r\nABSTTL\r\n");
  EXPECT_EQ(c::sort("l", {.by = "w_*", .limit = {{0, 10}}, .get = {"#", "o_*"}, .order = c::sort_order::desc, .alpha = true}).bytes(),
            "*13\r\n$4\r\nSORT\r\n$1\r\nl\r\n$2\r\nBY\r\n$3\r\nw_*\r\n$5\r\nLIMIT\r\n$1\r\n0\r\n$2\r\n10\r\n$3\r\nGET\r\n$1\r\n#\r\n$3\r\nGET\r\n$3\r\no_*\r\n$4\r\nDESC\r\n$5\r\nALPHA\r\n");
  EXPECT_EQ(c::sort_store("l", "dst").bytes(),
            "*4\r\n$4\r\nSORT\r\n$1\r\nl\r\n$5\r\nSTORE\r\n$3\r\ndst\r\n");
  EXPECT_EQ(c::sort_ro("l", {.order = c::sort_ro_order::asc}).bytes(),
            "*3\r\n$7\r\nSORT_RO\r\n$1\r\nl\r\n$3\r\nASC\r\n");
  EXPECT_EQ(c::object_encoding("k").bytes(),
            "*3\r\n$6\r\nOBJECT\r\n$8\r\nENCODING\r\n$1\r\nk\r\n");
  EXPECT_EQ(c::object_freq("k").bytes(),
            "*3\r\n$6\r\nOBJECT\r\n$4\r\nFREQ\r\n$1\r\nk\r\n");
  EXPECT_EQ(c::object_idletime("k").bytes(),
            "*3\r\n$6\r\nOBJECT\r\n$8\r\nIDLETIME\r\n$1\r\nk\r\n");
  EXPECT_EQ(c::object_refcount("k").bytes(),
            "*3\r\n$6\r\nOBJECT\r\n$8\r\nREFCOUNT\r\n$1\r\nk\r\n");
  EXPECT_EQ(c::wait(1, 100ms).bytes(),
            "*3\r\n$4\r\nWAIT\r\n$1\r\n1\r\n$3\r\n100\r\n");
  EXPECT_EQ(c::waitaof(1, 0, 0ms).bytes(),
            "*4\r\n$7\r\nWAITAOF\r\n$1\r\n1\r\n$1\r\n0\r\n$1\r\n0\r\n");
  EXPECT_EQ(c::migrate("10.0.0.1", 6379, c::migrate_key_selector_empty_string{}, 0, 5000ms, {.copy = true, .authentication = typedis::auth2{"u", "p"}, .keys = {"a", "b"}}).bytes(),
            "*13\r\n$7\r\nMIGRATE\r\n$8\r\n10.0.0.1\r\n$4\r\n6379\r\n$0\r\n\r\n$1\r\n0\r\n$4\r\n5000\r\n$4\r\nCOPY\r\n$5\r\nAUTH2\r\n$1\r\nu\r\n$1\r\np\r\n$4\r\nKEYS\r\n$1\r\na\r\n$1\r\nb\r\n");
}

TEST(generated_wire, list) {
  EXPECT_EQ(c::lpush("l", {"a", "b"}).bytes(),
            "*4\r\n$5\r\nLPUSH\r\n$1\r\nl\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(c::rpush("l", {"a"}).bytes(),
            "*3\r\n$5\r\nRPUSH\r\n$1\r\nl\r\n$1\r\na\r\n");
  EXPECT_EQ(c::lpushx("l", {"a"}).bytes(),
            "*3\r\n$6\r\nLPUSHX\r\n$1\r\nl\r\n$1\r\na\r\n");
  EXPECT_EQ(c::rpushx("l", {"a"}).bytes(),
            "*3\r\n$6\r\nRPUSHX\r\n$1\r\nl\r\n$1\r\na\r\n");
  EXPECT_EQ(c::lpop("l").bytes(),
            "*2\r\n$4\r\nLPOP\r\n$1\r\nl\r\n");
  EXPECT_EQ(c::lpop_count("l", 3).bytes(),
            "*3\r\n$4\r\nLPOP\r\n$1\r\nl\r\n$1\r\n3\r\n");
  EXPECT_EQ(c::rpop_count("l", 2).bytes(),
            "*3\r\n$4\r\nRPOP\r\n$1\r\nl\r\n$1\r\n2\r\n");
  EXPECT_EQ(c::lrange("l", 0, -1).bytes(),
            "*4\r\n$6\r\nLRANGE\r\n$1\r\nl\r\n$1\r\n0\r\n$2\r\n-1\r\n");
  EXPECT_EQ(c::lindex("l", -1).bytes(),
            "*3\r\n$6\r\nLINDEX\r\n$1\r\nl\r\n$2\r\n-1\r\n");
  EXPECT_EQ(c::llen("l").bytes(),
            "*2\r\n$4\r\nLLEN\r\n$1\r\nl\r\n");
  EXPECT_EQ(c::lset("l", 0, "x").bytes(),
            "*4\r\n$4\r\nLSET\r\n$1\r\nl\r\n$1\r\n0\r\n$1\r\nx\r\n");
  EXPECT_EQ(c::ltrim("l", 1, -1).bytes(),
            "*4\r\n$5\r\nLTRIM\r\n$1\r\nl\r\n$1\r\n1\r\n$2\r\n-1\r\n");
  EXPECT_EQ(c::lrem("l", -2, "x").bytes(),
            "*4\r\n$4\r\nLREM\r\n$1\r\nl\r\n$2\r\n-2\r\n$1\r\nx\r\n");
  EXPECT_EQ(c::linsert("l", c::linsert_where::before, "p", "x").bytes(),
            "*5\r\n$7\r\nLINSERT\r\n$1\r\nl\r\n$6\r\nBEFORE\r\n$1\r\np\r\n$1\r\nx\r\n");
  EXPECT_EQ(c::lpos("l", "x", {.rank = -1, .maxlen = 10}).bytes(),
            "*7\r\n$4\r\nLPOS\r\n$1\r\nl\r\n$1\r\nx\r\n$4\r\nRANK\r\n$2\r\n-1\r\n$6\r\nMAXLEN\r\n$2\r\n10\r\n");
  EXPECT_EQ(c::lpos_count("l", "x", 0).bytes(),
            "*5\r\n$4\r\nLPOS\r\n$1\r\nl\r\n$1\r\nx\r\n$5\r\nCOUNT\r\n$1\r\n0\r\n");
  EXPECT_EQ(c::lmove("a", "b", c::lmove_wherefrom::left, c::lmove_whereto::right).bytes(),
            "*5\r\n$5\r\nLMOVE\r\n$1\r\na\r\n$1\r\nb\r\n$4\r\nLEFT\r\n$5\r\nRIGHT\r\n");
  EXPECT_EQ(c::blmove("a", "b", c::blmove_wherefrom::right, c::blmove_whereto::left, 0.5s).bytes(),
            "*6\r\n$6\r\nBLMOVE\r\n$1\r\na\r\n$1\r\nb\r\n$5\r\nRIGHT\r\n$4\r\nLEFT\r\n$3\r\n0.5\r\n");
  EXPECT_EQ(c::lmpop({"a", "b"}, c::lmpop_where::left, {.count = 2}).bytes(),
            "*7\r\n$5\r\nLMPOP\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\nb\r\n$4\r\nLEFT\r\n$5\r\nCOUNT\r\n$1\r\n2\r\n");
  EXPECT_EQ(c::blmpop(1s, {"a"}, c::blmpop_where::right).bytes(),
            "*5\r\n$6\r\nBLMPOP\r\n$1\r\n1\r\n$1\r\n1\r\n$1\r\na\r\n$5\r\nRIGHT\r\n");
  EXPECT_EQ(c::blpop({"a", "b"}, 2.5s).bytes(),
            "*4\r\n$5\r\nBLPOP\r\n$1\r\na\r\n$1\r\nb\r\n$3\r\n2.5\r\n");
  EXPECT_EQ(c::brpop({"a"}, 0s).bytes(),
            "*3\r\n$5\r\nBRPOP\r\n$1\r\na\r\n$1\r\n0\r\n");
  EXPECT_EQ(c::rpoplpush("a", "b").bytes(),
            "*3\r\n$9\r\nRPOPLPUSH\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(c::brpoplpush("a", "b", 1s).bytes(),
            "*4\r\n$10\r\nBRPOPLPUSH\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\n1\r\n");
}

TEST(generated_wire, hash) {
  EXPECT_EQ(c::hset("h", {{"f1", "v1"}, {"f2", "v2"}}).bytes(),
            "*6\r\n$4\r\nHSET\r\n$1\r\nh\r\n$2\r\nf1\r\n$2\r\nv1\r\n$2\r\nf2\r\n$2\r\nv2\r\n");
  EXPECT_EQ(c::hset("h", fields_map).bytes(),
            "*6\r\n$4\r\nHSET\r\n$1\r\nh\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n");
  EXPECT_EQ(c::hget("h", "f").bytes(),
            "*3\r\n$4\r\nHGET\r\n$1\r\nh\r\n$1\r\nf\r\n");
  EXPECT_EQ(c::hgetall("h").bytes(),
            "*2\r\n$7\r\nHGETALL\r\n$1\r\nh\r\n");
  EXPECT_EQ(c::hdel("h", {"f1", "f2"}).bytes(),
            "*4\r\n$4\r\nHDEL\r\n$1\r\nh\r\n$2\r\nf1\r\n$2\r\nf2\r\n");
  EXPECT_EQ(c::hexists("h", "f").bytes(),
            "*3\r\n$7\r\nHEXISTS\r\n$1\r\nh\r\n$1\r\nf\r\n");
  EXPECT_EQ(c::hincrby("h", "f", 5).bytes(),
            "*4\r\n$7\r\nHINCRBY\r\n$1\r\nh\r\n$1\r\nf\r\n$1\r\n5\r\n");
  EXPECT_EQ(c::hincrbyfloat("h", "f", 0.25).bytes(),
            "*4\r\n$12\r\nHINCRBYFLOAT\r\n$1\r\nh\r\n$1\r\nf\r\n$4\r\n0.25\r\n");
  EXPECT_EQ(c::hkeys("h").bytes(),
            "*2\r\n$5\r\nHKEYS\r\n$1\r\nh\r\n");
  EXPECT_EQ(c::hvals("h").bytes(),
            "*2\r\n$5\r\nHVALS\r\n$1\r\nh\r\n");
  EXPECT_EQ(c::hlen("h").bytes(),
            "*2\r\n$4\r\nHLEN\r\n$1\r\nh\r\n");
  EXPECT_EQ(c::hmget("h", {"a", "b"}).bytes(),
            "*4\r\n$5\r\nHMGET\r\n$1\r\nh\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(c::hsetnx("h", "f", "v").bytes(),
            "*4\r\n$6\r\nHSETNX\r\n$1\r\nh\r\n$1\r\nf\r\n$1\r\nv\r\n");
  EXPECT_EQ(c::hstrlen("h", "f").bytes(),
            "*3\r\n$7\r\nHSTRLEN\r\n$1\r\nh\r\n$1\r\nf\r\n");
  EXPECT_EQ(c::hrandfield_withvalues("h", 2).bytes(),
            "*4\r\n$10\r\nHRANDFIELD\r\n$1\r\nh\r\n$1\r\n2\r\n$10\r\nWITHVALUES\r\n");
  EXPECT_EQ(c::hrandfield_count("h", -3).bytes(),
            "*3\r\n$10\r\nHRANDFIELD\r\n$1\r\nh\r\n$2\r\n-3\r\n");
  EXPECT_EQ(c::hscan_novalues("h", 0, {.match = "f*", .count = 10}).bytes(),
            "*8\r\n$5\r\nHSCAN\r\n$1\r\nh\r\n$1\r\n0\r\n$5\r\nMATCH\r\n$2\r\nf*\r\n$5\r\nCOUNT\r\n$2\r\n10\r\n$8\r\nNOVALUES\r\n");
  EXPECT_EQ(c::hexpire("h", 60s, {"a", "b"}, {.condition = typedis::nx{}}).bytes(),
            "*8\r\n$7\r\nHEXPIRE\r\n$1\r\nh\r\n$2\r\n60\r\n$2\r\nNX\r\n$6\r\nFIELDS\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(c::hpexpire("h", 500ms, {"a"}).bytes(),
            "*6\r\n$8\r\nHPEXPIRE\r\n$1\r\nh\r\n$3\r\n500\r\n$6\r\nFIELDS\r\n$1\r\n1\r\n$1\r\na\r\n");
  EXPECT_EQ(c::httl("h", {"a", "b"}).bytes(),
            "*6\r\n$4\r\nHTTL\r\n$1\r\nh\r\n$6\r\nFIELDS\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(c::hpersist("h", {"a"}).bytes(),
            "*5\r\n$8\r\nHPERSIST\r\n$1\r\nh\r\n$6\r\nFIELDS\r\n$1\r\n1\r\n$1\r\na\r\n");
  EXPECT_EQ(c::hgetdel("h", {"a", "b"}).bytes(),
            "*6\r\n$7\r\nHGETDEL\r\n$1\r\nh\r\n$6\r\nFIELDS\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(c::hgetex("h", {"a"}, {.expiration = typedis::ex{10s}}).bytes(),
            "*7\r\n$6\r\nHGETEX\r\n$1\r\nh\r\n$2\r\nEX\r\n$2\r\n10\r\n$6\r\nFIELDS\r\n$1\r\n1\r\n$1\r\na\r\n");
}

TEST(generated_wire, set) {
  EXPECT_EQ(c::sadd("s", {"a", "b"}).bytes(),
            "*4\r\n$4\r\nSADD\r\n$1\r\ns\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(c::srem("s", {"a"}).bytes(),
            "*3\r\n$4\r\nSREM\r\n$1\r\ns\r\n$1\r\na\r\n");
  EXPECT_EQ(c::smembers("s").bytes(),
            "*2\r\n$8\r\nSMEMBERS\r\n$1\r\ns\r\n");
  EXPECT_EQ(c::sismember("s", "a").bytes(),
            "*3\r\n$9\r\nSISMEMBER\r\n$1\r\ns\r\n$1\r\na\r\n");
  EXPECT_EQ(c::smismember("s", {"a", "b"}).bytes(),
            "*4\r\n$10\r\nSMISMEMBER\r\n$1\r\ns\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(c::scard("s").bytes(),
            "*2\r\n$5\r\nSCARD\r\n$1\r\ns\r\n");
  EXPECT_EQ(c::spop("s").bytes(),
            "*2\r\n$4\r\nSPOP\r\n$1\r\ns\r\n");
  EXPECT_EQ(c::spop_count("s", 2).bytes(),
            "*3\r\n$4\r\nSPOP\r\n$1\r\ns\r\n$1\r\n2\r\n");
  EXPECT_EQ(c::srandmember_count("s", 3).bytes(),
            "*3\r\n$11\r\nSRANDMEMBER\r\n$1\r\ns\r\n$1\r\n3\r\n");
  EXPECT_EQ(c::smove("a", "b", "m").bytes(),
            "*4\r\n$5\r\nSMOVE\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nm\r\n");
  EXPECT_EQ(c::sinter({"a", "b"}).bytes(),
            "*3\r\n$6\r\nSINTER\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(c::sintercard({"a", "b"}, {.limit = 5}).bytes(),
            "*6\r\n$10\r\nSINTERCARD\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\nb\r\n$5\r\nLIMIT\r\n$1\r\n5\r\n");
  EXPECT_EQ(c::sinterstore("d", {"a", "b"}).bytes(),
            "*4\r\n$11\r\nSINTERSTORE\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(c::sunion({"a", "b"}).bytes(),
            "*3\r\n$6\r\nSUNION\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(c::sunionstore("d", {"a"}).bytes(),
            "*3\r\n$11\r\nSUNIONSTORE\r\n$1\r\nd\r\n$1\r\na\r\n");
  EXPECT_EQ(c::sdiff({"a", "b"}).bytes(),
            "*3\r\n$5\r\nSDIFF\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(c::sdiffstore("d", {"a", "b"}).bytes(),
            "*4\r\n$10\r\nSDIFFSTORE\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(c::sscan("s", 7, {.count = 5}).bytes(),
            "*5\r\n$5\r\nSSCAN\r\n$1\r\ns\r\n$1\r\n7\r\n$5\r\nCOUNT\r\n$1\r\n5\r\n");
}

TEST(generated_wire, sorted_set) {
  EXPECT_EQ(c::zadd("z", {{1.5, "a"}, {2, "b"}}).bytes(),
            "*6\r\n$4\r\nZADD\r\n$1\r\nz\r\n$3\r\n1.5\r\n$1\r\na\r\n$1\r\n2\r\n$1\r\nb\r\n");
  EXPECT_EQ(c::zadd("z", {{1, "a"}}, {.condition = typedis::xx{}, .comparison = typedis::gt{}, .ch = true}).bytes(),
            "*7\r\n$4\r\nZADD\r\n$1\r\nz\r\n$2\r\nXX\r\n$2\r\nGT\r\n$2\r\nCH\r\n$1\r\n1\r\n$1\r\na\r\n");
  EXPECT_EQ(c::zadd_incr("z", {{3, "a"}}).bytes(),
            "*5\r\n$4\r\nZADD\r\n$1\r\nz\r\n$4\r\nINCR\r\n$1\r\n3\r\n$1\r\na\r\n");
  EXPECT_EQ(c::zscore("z", "a").bytes(),
            "*3\r\n$6\r\nZSCORE\r\n$1\r\nz\r\n$1\r\na\r\n");
  EXPECT_EQ(c::zmscore("z", {"a", "b"}).bytes(),
            "*4\r\n$7\r\nZMSCORE\r\n$1\r\nz\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(c::zincrby("z", 2, "a").bytes(),
            "*4\r\n$7\r\nZINCRBY\r\n$1\r\nz\r\n$1\r\n2\r\n$1\r\na\r\n");
  EXPECT_EQ(c::zcard("z").bytes(),
            "*2\r\n$5\r\nZCARD\r\n$1\r\nz\r\n");
  EXPECT_EQ(c::zcount("z", 1, 5).bytes(),
            "*4\r\n$6\r\nZCOUNT\r\n$1\r\nz\r\n$1\r\n1\r\n$1\r\n5\r\n");
  EXPECT_EQ(c::zrange("z", "0", "-1").bytes(),
            "*4\r\n$6\r\nZRANGE\r\n$1\r\nz\r\n$1\r\n0\r\n$2\r\n-1\r\n");
  EXPECT_EQ(c::zrange("z", "(1", "+inf", {.sortby = c::zrange_sortby::byscore, .rev = true, .limit = {{0, 2}}}).bytes(),
            "*9\r\n$6\r\nZRANGE\r\n$1\r\nz\r\n$2\r\n(1\r\n$4\r\n+inf\r\n$7\r\nBYSCORE\r\n$3\r\nREV\r\n$5\r\nLIMIT\r\n$1\r\n0\r\n$1\r\n2\r\n");
  EXPECT_EQ(c::zrange_withscores("z", "0", "-1").bytes(),
            "*5\r\n$6\r\nZRANGE\r\n$1\r\nz\r\n$1\r\n0\r\n$2\r\n-1\r\n$10\r\nWITHSCORES\r\n");
  EXPECT_EQ(c::zrangebyscore("z", 1, 2, {.limit = {{1, 1}}}).bytes(),
            "*7\r\n$13\r\nZRANGEBYSCORE\r\n$1\r\nz\r\n$1\r\n1\r\n$1\r\n2\r\n$5\r\nLIMIT\r\n$1\r\n1\r\n$1\r\n1\r\n");
  EXPECT_EQ(c::zrangebylex("z", "[a", "(c").bytes(),
            "*4\r\n$11\r\nZRANGEBYLEX\r\n$1\r\nz\r\n$2\r\n[a\r\n$2\r\n(c\r\n");
  EXPECT_EQ(c::zrank("z", "a").bytes(),
            "*3\r\n$5\r\nZRANK\r\n$1\r\nz\r\n$1\r\na\r\n");
  EXPECT_EQ(c::zrevrank("z", "a").bytes(),
            "*3\r\n$8\r\nZREVRANK\r\n$1\r\nz\r\n$1\r\na\r\n");
  EXPECT_EQ(c::zrem("z", {"a", "b"}).bytes(),
            "*4\r\n$4\r\nZREM\r\n$1\r\nz\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(c::zremrangebyrank("z", 0, 1).bytes(),
            "*4\r\n$15\r\nZREMRANGEBYRANK\r\n$1\r\nz\r\n$1\r\n0\r\n$1\r\n1\r\n");
  EXPECT_EQ(c::zpopmin("z").bytes(),
            "*2\r\n$7\r\nZPOPMIN\r\n$1\r\nz\r\n");
  EXPECT_EQ(c::zpopmax_count("z", 2).bytes(),
            "*3\r\n$7\r\nZPOPMAX\r\n$1\r\nz\r\n$1\r\n2\r\n");
  EXPECT_EQ(c::bzpopmin({"a", "b"}, 1s).bytes(),
            "*4\r\n$8\r\nBZPOPMIN\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\n1\r\n");
  EXPECT_EQ(c::zmpop({"a"}, c::zmpop_where::min, {.count = 3}).bytes(),
            "*6\r\n$5\r\nZMPOP\r\n$1\r\n1\r\n$1\r\na\r\n$3\r\nMIN\r\n$5\r\nCOUNT\r\n$1\r\n3\r\n");
  EXPECT_EQ(c::zinterstore("d", {"a", "b"}, {.weights = {2, 3}, .aggregate = c::zinterstore_aggregate::max}).bytes(),
            "*10\r\n$11\r\nZINTERSTORE\r\n$1\r\nd\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\nb\r\n$7\r\nWEIGHTS\r\n$1\r\n2\r\n$1\r\n3\r\n$9\r\nAGGREGATE\r\n$3\r\nMAX\r\n");
  EXPECT_EQ(c::zunion({"a", "b"}).bytes(),
            "*4\r\n$6\r\nZUNION\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(c::zdiff_withscores({"a", "b"}).bytes(),
            "*5\r\n$5\r\nZDIFF\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\nb\r\n$10\r\nWITHSCORES\r\n");
  EXPECT_EQ(c::zintercard({"a", "b"}, {.limit = 10}).bytes(),
            "*6\r\n$10\r\nZINTERCARD\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\nb\r\n$5\r\nLIMIT\r\n$2\r\n10\r\n");
  EXPECT_EQ(c::zrandmember_withscores("z", 2).bytes(),
            "*4\r\n$11\r\nZRANDMEMBER\r\n$1\r\nz\r\n$1\r\n2\r\n$10\r\nWITHSCORES\r\n");
  EXPECT_EQ(c::zlexcount("z", "-", "+").bytes(),
            "*4\r\n$9\r\nZLEXCOUNT\r\n$1\r\nz\r\n$1\r\n-\r\n$1\r\n+\r\n");
  EXPECT_EQ(c::zscan("z", 0, {.match = "m*"}).bytes(),
            "*5\r\n$5\r\nZSCAN\r\n$1\r\nz\r\n$1\r\n0\r\n$5\r\nMATCH\r\n$2\r\nm*\r\n");
}

TEST(generated_wire, bitmap) {
  EXPECT_EQ(c::setbit("b", 7, 1).bytes(),
            "*4\r\n$6\r\nSETBIT\r\n$1\r\nb\r\n$1\r\n7\r\n$1\r\n1\r\n");
  EXPECT_EQ(c::getbit("b", 7).bytes(),
            "*3\r\n$6\r\nGETBIT\r\n$1\r\nb\r\n$1\r\n7\r\n");
  EXPECT_EQ(c::bitcount("b").bytes(),
            "*2\r\n$8\r\nBITCOUNT\r\n$1\r\nb\r\n");
  EXPECT_EQ(c::bitop(c::bitop_operation::and_, "d", {"a", "b"}).bytes(),
            "*5\r\n$5\r\nBITOP\r\n$3\r\nAND\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(c::bitop(c::bitop_operation::not_, "d", {"a"}).bytes(),
            "*4\r\n$5\r\nBITOP\r\n$3\r\nNOT\r\n$1\r\nd\r\n$1\r\na\r\n");
  EXPECT_EQ(c::bitpos("b", 1).bytes(),
            "*3\r\n$6\r\nBITPOS\r\n$1\r\nb\r\n$1\r\n1\r\n");
  EXPECT_EQ(c::bitfield_ro("b", {.get = {{"u8", 0}, {"i4", 8}}}).bytes(),
            "*8\r\n$11\r\nBITFIELD_RO\r\n$1\r\nb\r\n$3\r\nGET\r\n$2\r\nu8\r\n$1\r\n0\r\n$3\r\nGET\r\n$2\r\ni4\r\n$1\r\n8\r\n");
  EXPECT_EQ(c::bitfield("b", {.operation = {typedis::get{"u8", 0}}}).bytes(),
            "*5\r\n$8\r\nBITFIELD\r\n$1\r\nb\r\n$3\r\nGET\r\n$2\r\nu8\r\n$1\r\n0\r\n");
}

TEST(generated_wire, hyperloglog) {
  EXPECT_EQ(c::pfadd("h", {.element = {"a", "b"}}).bytes(),
            "*4\r\n$5\r\nPFADD\r\n$1\r\nh\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(c::pfcount({"h1", "h2"}).bytes(),
            "*3\r\n$7\r\nPFCOUNT\r\n$2\r\nh1\r\n$2\r\nh2\r\n");
  EXPECT_EQ(c::pfmerge("d", {.sourcekey = {"a", "b"}}).bytes(),
            "*4\r\n$7\r\nPFMERGE\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\nb\r\n");
}

TEST(generated_wire, geo) {
  EXPECT_EQ(c::geoadd("g", {{13.361389, 38.115556, "Palermo"}}).bytes(),
            "*5\r\n$6\r\nGEOADD\r\n$1\r\ng\r\n$9\r\n13.361389\r\n$9\r\n38.115556\r\n$7\r\nPalermo\r\n");
  EXPECT_EQ(c::geoadd("g", {{1, 2, "a"}}, {.condition = typedis::nx{}, .ch = true}).bytes(),
            "*7\r\n$6\r\nGEOADD\r\n$1\r\ng\r\n$2\r\nNX\r\n$2\r\nCH\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\na\r\n");
  EXPECT_EQ(c::geodist("g", "a", "b", {.unit = c::geodist_unit::km}).bytes(),
            "*5\r\n$7\r\nGEODIST\r\n$1\r\ng\r\n$1\r\na\r\n$1\r\nb\r\n$2\r\nKM\r\n");
  EXPECT_EQ(c::geohash("g", {.member = {"a"}}).bytes(),
            "*3\r\n$7\r\nGEOHASH\r\n$1\r\ng\r\n$1\r\na\r\n");
  EXPECT_EQ(c::geopos("g", {.member = {"a", "b"}}).bytes(),
            "*4\r\n$6\r\nGEOPOS\r\n$1\r\ng\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(c::geosearch("g", typedis::fromlonlat{15, 37}, c::geosearch_by_circle{200, c::geosearch_by_circle_unit::km}, {.order = c::geosearch_order::asc, .count_block = {{5, true}}}).bytes(),
            "*12\r\n$9\r\nGEOSEARCH\r\n$1\r\ng\r\n$10\r\nFROMLONLAT\r\n$2\r\n15\r\n$2\r\n37\r\n$8\r\nBYRADIUS\r\n$3\r\n200\r\n$2\r\nKM\r\n$3\r\nASC\r\n$5\r\nCOUNT\r\n$1\r\n5\r\n$3\r\nANY\r\n");
  EXPECT_EQ(c::georadius("g", 15, 37, 100, c::georadius_unit::m).bytes(),
            "*6\r\n$9\r\nGEORADIUS\r\n$1\r\ng\r\n$2\r\n15\r\n$2\r\n37\r\n$3\r\n100\r\n$1\r\nM\r\n");
}

TEST(generated_wire, stream) {
  EXPECT_EQ(c::xadd("s", c::xadd_id_selector_auto_id{}, {{"f", "v"}}).bytes(),
            "*5\r\n$4\r\nXADD\r\n$1\r\ns\r\n$1\r\n*\r\n$1\r\nf\r\n$1\r\nv\r\n");
  EXPECT_EQ(c::xadd("s", c::xadd_id_selector_id{"1-1"}, {{"a", "1"}, {"b", "2"}}, {.trim = c::xadd_trim{.strategy = c::xadd_trim_strategy_maxlen{.operator_ = c::xadd_trim_strategy_maxlen_operator_::approximately, .threshold = 1000}}}).bytes(),
            "*10\r\n$4\r\nXADD\r\n$1\r\ns\r\n$6\r\nMAXLEN\r\n$1\r\n~\r\n$4\r\n1000\r\n$3\r\n1-1\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n");
  EXPECT_EQ(c::xadd_nomkstream("s", c::xadd_nomkstream_id_selector_auto_id{}, {{"f", "v"}}).bytes(),
            "*6\r\n$4\r\nXADD\r\n$1\r\ns\r\n$10\r\nNOMKSTREAM\r\n$1\r\n*\r\n$1\r\nf\r\n$1\r\nv\r\n");
  EXPECT_EQ(c::xlen("s").bytes(),
            "*2\r\n$4\r\nXLEN\r\n$1\r\ns\r\n");
  EXPECT_EQ(c::xrange("s", "-", "+", {.count = 10}).bytes(),
            "*6\r\n$6\r\nXRANGE\r\n$1\r\ns\r\n$1\r\n-\r\n$1\r\n+\r\n$5\r\nCOUNT\r\n$2\r\n10\r\n");
  EXPECT_EQ(c::xrevrange("s", "+", "-").bytes(),
            "*4\r\n$9\r\nXREVRANGE\r\n$1\r\ns\r\n$1\r\n+\r\n$1\r\n-\r\n");
  EXPECT_EQ(c::xdel("s", {"1-1", "1-2"}).bytes(),
            "*4\r\n$4\r\nXDEL\r\n$1\r\ns\r\n$3\r\n1-1\r\n$3\r\n1-2\r\n");
  EXPECT_EQ(c::xtrim("s", c::xtrim_strategy_minid{.operator_ = c::xtrim_strategy_minid_operator_::equal, .threshold = "5-0"}).bytes(),
            "*5\r\n$5\r\nXTRIM\r\n$1\r\ns\r\n$5\r\nMINID\r\n$1\r\n=\r\n$3\r\n5-0\r\n");
  EXPECT_EQ(c::xread({"a", "b"}, {"0", "$"}, {.count = 5, .block = 100ms}).bytes(),
            "*10\r\n$5\r\nXREAD\r\n$5\r\nCOUNT\r\n$1\r\n5\r\n$5\r\nBLOCK\r\n$3\r\n100\r\n$7\r\nSTREAMS\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\n0\r\n$1\r\n$\r\n");
  EXPECT_EQ(c::xreadgroup("g", "c", {"s"}, {">"}, {.count = 1, .noack = true}).bytes(),
            "*10\r\n$10\r\nXREADGROUP\r\n$5\r\nGROUP\r\n$1\r\ng\r\n$1\r\nc\r\n$5\r\nCOUNT\r\n$1\r\n1\r\n$5\r\nNOACK\r\n$7\r\nSTREAMS\r\n$1\r\ns\r\n$1\r\n>\r\n");
  EXPECT_EQ(c::xgroup_create("s", "g", c::xgroup_create_id_selector_new_id{}, {.mkstream = true}).bytes(),
            "*6\r\n$6\r\nXGROUP\r\n$6\r\nCREATE\r\n$1\r\ns\r\n$1\r\ng\r\n$1\r\n$\r\n$8\r\nMKSTREAM\r\n");
  EXPECT_EQ(c::xgroup_destroy("s", "g").bytes(),
            "*4\r\n$6\r\nXGROUP\r\n$7\r\nDESTROY\r\n$1\r\ns\r\n$1\r\ng\r\n");
  EXPECT_EQ(c::xgroup_createconsumer("s", "g", "c").bytes(),
            "*5\r\n$6\r\nXGROUP\r\n$14\r\nCREATECONSUMER\r\n$1\r\ns\r\n$1\r\ng\r\n$1\r\nc\r\n");
  EXPECT_EQ(c::xgroup_delconsumer("s", "g", "c").bytes(),
            "*5\r\n$6\r\nXGROUP\r\n$11\r\nDELCONSUMER\r\n$1\r\ns\r\n$1\r\ng\r\n$1\r\nc\r\n");
  EXPECT_EQ(c::xack("s", "g", {"1-0"}).bytes(),
            "*4\r\n$4\r\nXACK\r\n$1\r\ns\r\n$1\r\ng\r\n$3\r\n1-0\r\n");
  EXPECT_EQ(c::xpending("s", "g").bytes(),
            "*3\r\n$8\r\nXPENDING\r\n$1\r\ns\r\n$1\r\ng\r\n");
  EXPECT_EQ(c::xpending_range("s", "g", "-", "+", 10, {.idle = 5000ms, .consumer = "c"}).bytes(),
            "*9\r\n$8\r\nXPENDING\r\n$1\r\ns\r\n$1\r\ng\r\n$4\r\nIDLE\r\n$4\r\n5000\r\n$1\r\n-\r\n$1\r\n+\r\n$2\r\n10\r\n$1\r\nc\r\n");
  EXPECT_EQ(c::xclaim("s", "g", "c", std::chrono::hours(1), {"1-0"}, {.retrycount = 3, .force = true}).bytes(),
            "*9\r\n$6\r\nXCLAIM\r\n$1\r\ns\r\n$1\r\ng\r\n$1\r\nc\r\n$7\r\n3600000\r\n$3\r\n1-0\r\n$10\r\nRETRYCOUNT\r\n$1\r\n3\r\n$5\r\nFORCE\r\n");
  EXPECT_EQ(c::xautoclaim("s", "g", "c", 0ms, "0-0", {.count = 25}).bytes(),
            "*8\r\n$10\r\nXAUTOCLAIM\r\n$1\r\ns\r\n$1\r\ng\r\n$1\r\nc\r\n$1\r\n0\r\n$3\r\n0-0\r\n$5\r\nCOUNT\r\n$2\r\n25\r\n");
  EXPECT_EQ(c::xinfo_stream("s").bytes(),
            "*3\r\n$5\r\nXINFO\r\n$6\r\nSTREAM\r\n$1\r\ns\r\n");
  EXPECT_EQ(c::xinfo_groups("s").bytes(),
            "*3\r\n$5\r\nXINFO\r\n$6\r\nGROUPS\r\n$1\r\ns\r\n");
  EXPECT_EQ(c::xinfo_consumers("s", "g").bytes(),
            "*4\r\n$5\r\nXINFO\r\n$9\r\nCONSUMERS\r\n$1\r\ns\r\n$1\r\ng\r\n");
  EXPECT_EQ(c::xsetid("s", "5-0").bytes(),
            "*3\r\n$6\r\nXSETID\r\n$1\r\ns\r\n$3\r\n5-0\r\n");
}

TEST(generated_wire, connection) {
  EXPECT_EQ(c::ping().bytes(),
            "*1\r\n$4\r\nPING\r\n");
  EXPECT_EQ(c::ping_message("hi").bytes(),
            "*2\r\n$4\r\nPING\r\n$2\r\nhi\r\n");
  EXPECT_EQ(c::echo("x").bytes(),
            "*2\r\n$4\r\nECHO\r\n$1\r\nx\r\n");
  EXPECT_EQ(c::select(2).bytes(),
            "*2\r\n$6\r\nSELECT\r\n$1\r\n2\r\n");
  EXPECT_EQ(c::client_id().bytes(),
            "*2\r\n$6\r\nCLIENT\r\n$2\r\nID\r\n");
  EXPECT_EQ(c::client_getname().bytes(),
            "*2\r\n$6\r\nCLIENT\r\n$7\r\nGETNAME\r\n");
  EXPECT_EQ(c::client_setname("app").bytes(),
            "*3\r\n$6\r\nCLIENT\r\n$7\r\nSETNAME\r\n$3\r\napp\r\n");
  EXPECT_EQ(c::client_list({.type = c::client_list_client_type::normal}).bytes(),
            "*4\r\n$6\r\nCLIENT\r\n$4\r\nLIST\r\n$4\r\nTYPE\r\n$6\r\nNORMAL\r\n");
  EXPECT_EQ(c::client_info().bytes(),
            "*2\r\n$6\r\nCLIENT\r\n$4\r\nINFO\r\n");
  EXPECT_EQ(c::client_pause(100ms, {.mode = c::client_pause_mode::write}).bytes(),
            "*4\r\n$6\r\nCLIENT\r\n$5\r\nPAUSE\r\n$3\r\n100\r\n$5\r\nWRITE\r\n");
  EXPECT_EQ(c::client_unpause().bytes(),
            "*2\r\n$6\r\nCLIENT\r\n$7\r\nUNPAUSE\r\n");
  EXPECT_EQ(c::client_reply(c::client_reply_action::on).bytes(),
            "*3\r\n$6\r\nCLIENT\r\n$5\r\nREPLY\r\n$2\r\nON\r\n");
  EXPECT_EQ(c::client_no_evict(c::client_no_evict_enabled::on).bytes(),
            "*3\r\n$6\r\nCLIENT\r\n$8\r\nNO-EVICT\r\n$2\r\nON\r\n");
  EXPECT_EQ(c::client_tracking(c::client_tracking_status::on, {.prefix = {"a:", "b:"}, .bcast = true}).bytes(),
            "*8\r\n$6\r\nCLIENT\r\n$8\r\nTRACKING\r\n$2\r\nON\r\n$6\r\nPREFIX\r\n$2\r\na:\r\n$6\r\nPREFIX\r\n$2\r\nb:\r\n$5\r\nBCAST\r\n");
  EXPECT_EQ(c::client_unblock(42, {.unblock_type = c::client_unblock_unblock_type::error}).bytes(),
            "*4\r\n$6\r\nCLIENT\r\n$7\r\nUNBLOCK\r\n$2\r\n42\r\n$5\r\nERROR\r\n");
  EXPECT_EQ(c::auth("secret", {.username = "u"}).bytes(),
            "*3\r\n$4\r\nAUTH\r\n$1\r\nu\r\n$6\r\nsecret\r\n");
  EXPECT_EQ(c::hello({.arguments = c::hello_arguments{.protover = 3, .auth = {{"u", "p"}}, .setname = "me"}}).bytes(),
            "*7\r\n$5\r\nHELLO\r\n$1\r\n3\r\n$4\r\nAUTH\r\n$1\r\nu\r\n$1\r\np\r\n$7\r\nSETNAME\r\n$2\r\nme\r\n");
  EXPECT_EQ(c::reset().bytes(),
            "*1\r\n$5\r\nRESET\r\n");
}

TEST(generated_wire, server) {
  EXPECT_EQ(c::dbsize().bytes(),
            "*1\r\n$6\r\nDBSIZE\r\n");
  // DEBUG's arguments are raw words (the server documents none); it used to take none at all
  EXPECT_EQ(c::debug("SLEEP", {.args = {"0"}}).bytes(),
            "*3\r\n$5\r\nDEBUG\r\n$5\r\nSLEEP\r\n$1\r\n0\r\n");
  EXPECT_EQ(c::flushall({.flush_type = c::flushall_flush_type::async}).bytes(),
            "*2\r\n$8\r\nFLUSHALL\r\n$5\r\nASYNC\r\n");
  EXPECT_EQ(c::flushdb().bytes(),
            "*1\r\n$7\r\nFLUSHDB\r\n");
  EXPECT_EQ(c::info({.section = {"server", "memory"}}).bytes(),
            "*3\r\n$4\r\nINFO\r\n$6\r\nserver\r\n$6\r\nmemory\r\n");
  EXPECT_EQ(c::time().bytes(),
            "*1\r\n$4\r\nTIME\r\n");
  EXPECT_EQ(c::lastsave().bytes(),
            "*1\r\n$8\r\nLASTSAVE\r\n");
  EXPECT_EQ(c::config_get({"maxmemory", "timeout"}).bytes(),
            "*4\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$9\r\nmaxmemory\r\n$7\r\ntimeout\r\n");
  EXPECT_EQ(c::config_set({{"timeout", "0"}}).bytes(),
            "*4\r\n$6\r\nCONFIG\r\n$3\r\nSET\r\n$7\r\ntimeout\r\n$1\r\n0\r\n");
  EXPECT_EQ(c::config_resetstat().bytes(),
            "*2\r\n$6\r\nCONFIG\r\n$9\r\nRESETSTAT\r\n");
  EXPECT_EQ(c::slowlog_get({.count = 10}).bytes(),
            "*3\r\n$7\r\nSLOWLOG\r\n$3\r\nGET\r\n$2\r\n10\r\n");
  EXPECT_EQ(c::slowlog_len().bytes(),
            "*2\r\n$7\r\nSLOWLOG\r\n$3\r\nLEN\r\n");
  EXPECT_EQ(c::slowlog_reset().bytes(),
            "*2\r\n$7\r\nSLOWLOG\r\n$5\r\nRESET\r\n");
  EXPECT_EQ(c::latency_latest().bytes(),
            "*2\r\n$7\r\nLATENCY\r\n$6\r\nLATEST\r\n");
  EXPECT_EQ(c::latency_reset({.event = {"command"}}).bytes(),
            "*3\r\n$7\r\nLATENCY\r\n$5\r\nRESET\r\n$7\r\ncommand\r\n");
  EXPECT_EQ(c::memory_usage("k", {.samples = 5}).bytes(),
            "*5\r\n$6\r\nMEMORY\r\n$5\r\nUSAGE\r\n$1\r\nk\r\n$7\r\nSAMPLES\r\n$1\r\n5\r\n");
  EXPECT_EQ(c::memory_stats().bytes(),
            "*2\r\n$6\r\nMEMORY\r\n$5\r\nSTATS\r\n");
  EXPECT_EQ(c::acl_whoami().bytes(),
            "*2\r\n$3\r\nACL\r\n$6\r\nWHOAMI\r\n");
  EXPECT_EQ(c::acl_cat({.category = "string"}).bytes(),
            "*3\r\n$3\r\nACL\r\n$3\r\nCAT\r\n$6\r\nstring\r\n");
  EXPECT_EQ(c::acl_setuser("bob", {.rule = {"on", ">pw", "~*", "+@all"}}).bytes(),
            "*7\r\n$3\r\nACL\r\n$7\r\nSETUSER\r\n$3\r\nbob\r\n$2\r\non\r\n$3\r\n>pw\r\n$2\r\n~*\r\n$5\r\n+@all\r\n");
  EXPECT_EQ(c::acl_deluser({"bob"}).bytes(),
            "*3\r\n$3\r\nACL\r\n$7\r\nDELUSER\r\n$3\r\nbob\r\n");
  EXPECT_EQ(c::acl_getuser("bob").bytes(),
            "*3\r\n$3\r\nACL\r\n$7\r\nGETUSER\r\n$3\r\nbob\r\n");
  EXPECT_EQ(c::acl_genpass({.bits = 64}).bytes(),
            "*3\r\n$3\r\nACL\r\n$7\r\nGENPASS\r\n$2\r\n64\r\n");
  EXPECT_EQ(c::command_count().bytes(),
            "*2\r\n$7\r\nCOMMAND\r\n$5\r\nCOUNT\r\n");
  EXPECT_EQ(c::command_docs({.command_name = {"get"}}).bytes(),
            "*3\r\n$7\r\nCOMMAND\r\n$4\r\nDOCS\r\n$3\r\nget\r\n");
  EXPECT_EQ(c::command_info({.command_name = {"get", "set"}}).bytes(),
            "*4\r\n$7\r\nCOMMAND\r\n$4\r\nINFO\r\n$3\r\nget\r\n$3\r\nset\r\n");
  EXPECT_EQ(c::swapdb(0, 1).bytes(),
            "*3\r\n$6\r\nSWAPDB\r\n$1\r\n0\r\n$1\r\n1\r\n");
  EXPECT_EQ(c::bgsave({.operation = c::bgsave_operation::schedule}).bytes(),
            "*2\r\n$6\r\nBGSAVE\r\n$8\r\nSCHEDULE\r\n");
  EXPECT_EQ(c::lolwut({.version = 5}).bytes(),
            "*3\r\n$6\r\nLOLWUT\r\n$7\r\nVERSION\r\n$1\r\n5\r\n");
  EXPECT_EQ(c::role().bytes(),
            "*1\r\n$4\r\nROLE\r\n");
}

TEST(generated_wire, scripting) {
  EXPECT_EQ(c::eval("return 1", {.key = {"a", "b"}, .arg = {"x"}}).bytes(),
            "*6\r\n$4\r\nEVAL\r\n$8\r\nreturn 1\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nx\r\n");
  EXPECT_EQ(c::eval("return 1").bytes(),
            "*3\r\n$4\r\nEVAL\r\n$8\r\nreturn 1\r\n$1\r\n0\r\n");
  EXPECT_EQ(c::evalsha("abc", {.key = {"k"}}).bytes(),
            "*4\r\n$7\r\nEVALSHA\r\n$3\r\nabc\r\n$1\r\n1\r\n$1\r\nk\r\n");
  EXPECT_EQ(c::eval_ro("return 1", {.arg = {"a"}}).bytes(),
            "*4\r\n$7\r\nEVAL_RO\r\n$8\r\nreturn 1\r\n$1\r\n0\r\n$1\r\na\r\n");
  EXPECT_EQ(c::fcall("f", {.key = {"k"}, .arg = {"1", "2"}}).bytes(),
            "*6\r\n$5\r\nFCALL\r\n$1\r\nf\r\n$1\r\n1\r\n$1\r\nk\r\n$1\r\n1\r\n$1\r\n2\r\n");
  EXPECT_EQ(c::script_load("return 1").bytes(),
            "*3\r\n$6\r\nSCRIPT\r\n$4\r\nLOAD\r\n$8\r\nreturn 1\r\n");
  EXPECT_EQ(c::script_exists({"a", "b"}).bytes(),
            "*4\r\n$6\r\nSCRIPT\r\n$6\r\nEXISTS\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(c::script_flush({.flush_type = c::script_flush_flush_type::sync}).bytes(),
            "*3\r\n$6\r\nSCRIPT\r\n$5\r\nFLUSH\r\n$4\r\nSYNC\r\n");
  EXPECT_EQ(c::function_load("#!lua name=x", {.replace = true}).bytes(),
            "*4\r\n$8\r\nFUNCTION\r\n$4\r\nLOAD\r\n$7\r\nREPLACE\r\n$12\r\n#!lua name=x\r\n");
  EXPECT_EQ(c::function_list({.libraryname = "x*", .withcode = true}).bytes(),
            "*5\r\n$8\r\nFUNCTION\r\n$4\r\nLIST\r\n$11\r\nLIBRARYNAME\r\n$2\r\nx*\r\n$8\r\nWITHCODE\r\n");
  EXPECT_EQ(c::function_delete("x").bytes(),
            "*3\r\n$8\r\nFUNCTION\r\n$6\r\nDELETE\r\n$1\r\nx\r\n");
  EXPECT_EQ(c::function_flush().bytes(),
            "*2\r\n$8\r\nFUNCTION\r\n$5\r\nFLUSH\r\n");
}

TEST(generated_wire, pubsub) {
  EXPECT_EQ(c::publish("ch", "msg").bytes(),
            "*3\r\n$7\r\nPUBLISH\r\n$2\r\nch\r\n$3\r\nmsg\r\n");
  EXPECT_EQ(c::spublish("ch", "msg").bytes(),
            "*3\r\n$8\r\nSPUBLISH\r\n$2\r\nch\r\n$3\r\nmsg\r\n");
  EXPECT_EQ(c::pubsub_channels({.pattern = "news.*"}).bytes(),
            "*3\r\n$6\r\nPUBSUB\r\n$8\r\nCHANNELS\r\n$6\r\nnews.*\r\n");
  EXPECT_EQ(c::pubsub_numsub({.channel = {"a", "b"}}).bytes(),
            "*4\r\n$6\r\nPUBSUB\r\n$6\r\nNUMSUB\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(c::pubsub_numpat().bytes(),
            "*2\r\n$6\r\nPUBSUB\r\n$6\r\nNUMPAT\r\n");
}

TEST(generated_wire, transactions) {
  EXPECT_EQ(c::multi().bytes(),
            "*1\r\n$5\r\nMULTI\r\n");
  EXPECT_EQ(c::exec().bytes(),
            "*1\r\n$4\r\nEXEC\r\n");
  EXPECT_EQ(c::discard().bytes(),
            "*1\r\n$7\r\nDISCARD\r\n");
  EXPECT_EQ(c::watch({"a", "b"}).bytes(),
            "*3\r\n$5\r\nWATCH\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(c::unwatch().bytes(),
            "*1\r\n$7\r\nUNWATCH\r\n");
}

TEST(generated_wire, cluster) {
  EXPECT_EQ(c::cluster_keyslot("user:1").bytes(),
            "*3\r\n$7\r\nCLUSTER\r\n$7\r\nKEYSLOT\r\n$6\r\nuser:1\r\n");
  EXPECT_EQ(c::cluster_countkeysinslot(42).bytes(),
            "*3\r\n$7\r\nCLUSTER\r\n$15\r\nCOUNTKEYSINSLOT\r\n$2\r\n42\r\n");
  EXPECT_EQ(c::cluster_getkeysinslot(42, 10).bytes(),
            "*4\r\n$7\r\nCLUSTER\r\n$13\r\nGETKEYSINSLOT\r\n$2\r\n42\r\n$2\r\n10\r\n");
  EXPECT_EQ(c::cluster_addslotsrange({{0, 100}, {200, 300}}).bytes(),
            "*6\r\n$7\r\nCLUSTER\r\n$13\r\nADDSLOTSRANGE\r\n$1\r\n0\r\n$3\r\n100\r\n$3\r\n200\r\n$3\r\n300\r\n");
  EXPECT_EQ(c::cluster_setslot(5, typedis::node{"abc"}).bytes(),
            "*5\r\n$7\r\nCLUSTER\r\n$7\r\nSETSLOT\r\n$1\r\n5\r\n$4\r\nNODE\r\n$3\r\nabc\r\n");
  EXPECT_EQ(c::cluster_setslot(5, typedis::stable{}).bytes(),
            "*4\r\n$7\r\nCLUSTER\r\n$7\r\nSETSLOT\r\n$1\r\n5\r\n$6\r\nSTABLE\r\n");
  EXPECT_EQ(c::cluster_shards().bytes(),
            "*2\r\n$7\r\nCLUSTER\r\n$6\r\nSHARDS\r\n");
  EXPECT_EQ(c::readonly().bytes(),
            "*1\r\n$8\r\nREADONLY\r\n");
}

TEST(generated_wire, sentinel) {
  EXPECT_EQ(c::sentinel_myid().bytes(),
            "*2\r\n$8\r\nSENTINEL\r\n$4\r\nMYID\r\n");
  EXPECT_EQ(c::sentinel_monitor("m", "127.0.0.1", 6379, 2).bytes(),
            "*6\r\n$8\r\nSENTINEL\r\n$7\r\nMONITOR\r\n$1\r\nm\r\n$9\r\n127.0.0.1\r\n$4\r\n6379\r\n$1\r\n2\r\n");
}

TEST(generated_wire, metadata) {
  const auto set = c::set("k", "v");
  EXPECT_EQ(set.info().name, "SET");
  EXPECT_TRUE(typedis::has_flag(set.info().flags, typedis::command_flag::write));
  EXPECT_TRUE(typedis::has_flag(set.info().flags, typedis::command_flag::idempotent));
  ASSERT_EQ(set.info().keys.size(), 1u);
  EXPECT_EQ(set.info().keys[0].first, 1);
  EXPECT_FALSE(typedis::has_flag(c::set_get("k", "v").info().flags, typedis::command_flag::idempotent));
  EXPECT_TRUE(typedis::has_flag(c::get("k").info().flags, typedis::command_flag::readonly));
  EXPECT_TRUE(typedis::has_flag(c::blpop({"a"}, 1s).info().flags, typedis::command_flag::blocking));
  EXPECT_EQ(c::client_kill("1.2.3.4:5").info().name, "CLIENT KILL");
  EXPECT_EQ(c::mget({"a"}).info().request_policy, "multi_shard");
  const auto lmpop = c::lmpop({"a", "b"}, c::lmpop_where::left);
  ASSERT_EQ(lmpop.info().keys.size(), 1u);
  EXPECT_EQ(lmpop.info().keys[0].search, typedis::key_spec::kind::keynum);
  EXPECT_EQ(lmpop.info().keys[0].first, 1);
}

#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

}  // namespace

// Issue 15: merged Redis/Valkey grammars, DEBUG, naming rules, one type per kind of value.
TEST(generated_wire, issue15_merged_grammars) {
  // BITCOUNT: END may be left out (Valkey); a Redis-only END is no longer always written
  EXPECT_EQ(c::bitcount("k", {.range = c::bitcount_range{.start = 1}}).bytes(),
            "*3\r\n$8\r\nBITCOUNT\r\n$1\r\nk\r\n$1\r\n1\r\n");
  EXPECT_EQ(c::bitcount("k", {.range = c::bitcount_range{.start = 0, .end_unit_block = {{-1, c::bitcount_range_end_unit_block_unit::bit}}}}).bytes(),
            "*5\r\n$8\r\nBITCOUNT\r\n$1\r\nk\r\n$1\r\n0\r\n$2\r\n-1\r\n$3\r\nBIT\r\n");
  EXPECT_EQ(c::cluster_replicate(c::cluster_replicate_args_node_id{"abc"}).bytes(), "*3\r\n$7\r\nCLUSTER\r\n$9\r\nREPLICATE\r\n$3\r\nabc\r\n");
  EXPECT_EQ(c::cluster_replicate(c::cluster_replicate_args_no_one{}).bytes(),
            "*4\r\n$7\r\nCLUSTER\r\n$9\r\nREPLICATE\r\n$2\r\nNO\r\n$3\r\nONE\r\n");
  EXPECT_EQ(c::bgsave().bytes(), "*1\r\n$6\r\nBGSAVE\r\n");
  EXPECT_EQ(c::shutdown({.save_selector = c::shutdown_save_selector::nosave, .now = true}).bytes(),
            "*3\r\n$8\r\nSHUTDOWN\r\n$6\r\nNOSAVE\r\n$3\r\nNOW\r\n");
  EXPECT_EQ(c::shutdown({.abort = true}).bytes(), "*2\r\n$8\r\nSHUTDOWN\r\n$5\r\nABORT\r\n");
  EXPECT_EQ(c::hsetex("h", {{"f", "v"}}, {.condition = c::hsetex_condition::fnx}).bytes(),
            "*7\r\n$6\r\nHSETEX\r\n$1\r\nh\r\n$3\r\nFNX\r\n$6\r\nFIELDS\r\n$1\r\n1\r\n$1\r\nf\r\n$1\r\nv\r\n");
}

TEST(generated_wire, issue15_debug_subcommands) {
  EXPECT_EQ(c::debug_sleep(0.5s).bytes(), "*3\r\n$5\r\nDEBUG\r\n$5\r\nSLEEP\r\n$3\r\n0.5\r\n");
  EXPECT_EQ(c::debug_object("k").bytes(), "*3\r\n$5\r\nDEBUG\r\n$6\r\nOBJECT\r\n$1\r\nk\r\n");
  EXPECT_EQ(c::debug_reload({.nosave = true}).bytes(), "*3\r\n$5\r\nDEBUG\r\n$6\r\nRELOAD\r\n$6\r\nNOSAVE\r\n");
  EXPECT_EQ(c::debug_set_active_expire(0).bytes(),
            "*3\r\n$5\r\nDEBUG\r\n$17\r\nSET-ACTIVE-EXPIRE\r\n$1\r\n0\r\n");
  EXPECT_EQ(c::debug_digest_value({"a", "b"}).bytes(),
            "*4\r\n$5\r\nDEBUG\r\n$12\r\nDIGEST-VALUE\r\n$1\r\na\r\n$1\r\nb\r\n");
}

TEST(generated_wire, issue15_one_name_one_type) {
  // NX is typedis::nx{} for SET, ZADD, GEOADD and EXPIRE alike
  EXPECT_EQ(c::set("k", "v", {.condition = typedis::nx{}}).bytes(), "*4\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n$2\r\nNX\r\n");
  EXPECT_EQ(c::zadd("z", {{1, "a"}}, {.condition = typedis::nx{}}).bytes(),
            "*5\r\n$4\r\nZADD\r\n$1\r\nz\r\n$2\r\nNX\r\n$1\r\n1\r\n$1\r\na\r\n");
  EXPECT_EQ(c::expire("k", 5s, {.condition = typedis::nx{}}).bytes(), "*4\r\n$6\r\nEXPIRE\r\n$1\r\nk\r\n$1\r\n5\r\n$2\r\nNX\r\n");
  // XREADGROUP BLOCK is .block, a duration; SORT ALPHA is .alpha
  EXPECT_EQ(c::xreadgroup("g", "c", {"s"}, {">"}, {.block = 2s}).bytes(),
            "*9\r\n$10\r\nXREADGROUP\r\n$5\r\nGROUP\r\n$1\r\ng\r\n$1\r\nc\r\n$5\r\nBLOCK\r\n$4\r\n2000\r\n$7\r\nSTREAMS\r\n$1\r\ns\r\n$1\r\n>\r\n");
  EXPECT_EQ(c::sort("l", {.alpha = true}).bytes(), "*3\r\n$4\r\nSORT\r\n$1\r\nl\r\n$5\r\nALPHA\r\n");
  // min-idle-time is a duration; MAXLEN a length; a SCAN cursor is a value
  EXPECT_EQ(c::xautoclaim("s", "g", "c", 1min, "0-0").bytes(),
            "*6\r\n$10\r\nXAUTOCLAIM\r\n$1\r\ns\r\n$1\r\ng\r\n$1\r\nc\r\n$5\r\n60000\r\n$3\r\n0-0\r\n");
  EXPECT_EQ(c::xtrim("s", c::xtrim_strategy_maxlen{.threshold = 100}).bytes(),
            "*4\r\n$5\r\nXTRIM\r\n$1\r\ns\r\n$6\r\nMAXLEN\r\n$3\r\n100\r\n");
  EXPECT_EQ(c::scan("17").bytes(), "*2\r\n$4\r\nSCAN\r\n$2\r\n17\r\n");
  EXPECT_EQ(c::scan(17).bytes(), "*2\r\n$4\r\nSCAN\r\n$2\r\n17\r\n");
  // BITFIELD: one flat list of operations
  EXPECT_EQ(c::bitfield("b", {.operation = {typedis::set{"u8", 0, 255},
                                            c::bitfield_operation_overflow{c::bitfield_operation_overflow_behavior::sat},
                                            typedis::incrby{"u8", 0, 10}, typedis::get{"u8", 0}}}).bytes(),
            "*15\r\n$8\r\nBITFIELD\r\n$1\r\nb\r\n$3\r\nSET\r\n$2\r\nu8\r\n$1\r\n0\r\n$3\r\n255\r\n"
            "$8\r\nOVERFLOW\r\n$3\r\nSAT\r\n$6\r\nINCRBY\r\n$2\r\nu8\r\n$1\r\n0\r\n$2\r\n10\r\n$3\r\nGET\r\n$2\r\nu8\r\n$1\r\n0\r\n");
}
