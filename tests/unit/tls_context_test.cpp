// TLS context configuration errors (issue 14 item 8): a CA, certificate or key file that cannot
// be read is reported with its path and the OS's reason, not OpenSSL's "system lib". No server.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/tls_context.hpp"
#include "typedis/error.hpp"

namespace {

namespace fs = std::filesystem;

// A fresh directory under TMPDIR, removed at the end of the test.
class tls_context_files : public testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "typedis-tls-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    std::ofstream(p) << text;
    return p.string();
  }

  // The message of the config_error that constructing a context from `o` throws.
  static std::string error_of(const typedis::tls_options& o) {
    try {
      typedis::net::tls_context context(o);
    } catch (const typedis::config_error& e) {
      return e.what();
    }
    ADD_FAILURE() << "no config_error";
    return {};
  }

  fs::path dir_;
};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST_F(tls_context_files, missing_ca_file_names_the_path_and_the_reason) {
  typedis::tls_options o;
  o.ca_file = (dir_ / "no-such-ca.pem").string();
  const std::string message = error_of(o);
  EXPECT_TRUE(contains(message, o.ca_file)) << message;
  EXPECT_TRUE(contains(message, "No such file or directory")) << message;
  EXPECT_TRUE(contains(message, "CA file")) << message;
  EXPECT_FALSE(contains(message, "system lib")) << message;
}

TEST_F(tls_context_files, a_directory_given_as_ca_file_is_named) {
  typedis::tls_options o;
  o.ca_file = dir_.string();
  const std::string message = error_of(o);
  EXPECT_TRUE(contains(message, o.ca_file)) << message;
  EXPECT_TRUE(contains(message, "Is a directory")) << message;
}

TEST_F(tls_context_files, missing_ca_directory_names_the_path_and_the_reason) {
  typedis::tls_options o;
  o.ca_dir = (dir_ / "no-such-dir").string();
  const std::string message = error_of(o);
  EXPECT_TRUE(contains(message, o.ca_dir)) << message;
  EXPECT_TRUE(contains(message, "No such file or directory")) << message;
}

TEST_F(tls_context_files, a_file_given_as_ca_directory_is_named) {
  typedis::tls_options o;
  o.ca_dir = write("plain.txt", "x");
  const std::string message = error_of(o);
  EXPECT_TRUE(contains(message, o.ca_dir)) << message;
  EXPECT_TRUE(contains(message, "Not a directory")) << message;
}

TEST_F(tls_context_files, missing_client_certificate_and_key_are_named) {
  typedis::tls_options o;
  o.verify_peer = false;
  o.cert_file = (dir_ / "client.crt").string();
  o.key_file = (dir_ / "client.key").string();
  std::string message = error_of(o);
  EXPECT_TRUE(contains(message, o.cert_file)) << message;
  EXPECT_TRUE(contains(message, "certificate")) << message;
  EXPECT_TRUE(contains(message, "No such file or directory")) << message;

  o.cert_file = write("client.crt", "not a certificate\n");
  message = error_of(o);
  EXPECT_TRUE(contains(message, o.key_file)) << message;
  EXPECT_TRUE(contains(message, "key")) << message;
  EXPECT_TRUE(contains(message, "No such file or directory")) << message;
}

TEST_F(tls_context_files, a_ca_file_that_is_not_pem_is_named_with_openssls_reason) {
  typedis::tls_options o;
  o.ca_file = write("garbage.pem", "this is not a certificate\n");
  const std::string message = error_of(o);
  EXPECT_TRUE(contains(message, o.ca_file)) << message;
  EXPECT_FALSE(contains(message, "system lib")) << message;
  // Something after the path: the reason OpenSSL gave.
  EXPECT_GT(message.size(), message.find(o.ca_file) + o.ca_file.size() + 3) << message;
}

}  // namespace
