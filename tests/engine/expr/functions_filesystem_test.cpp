#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/engine/expr/functions_test_support.h"

using forma::json;
using namespace forma::expr::testing;
namespace fs = std::filesystem;

namespace {

// A fresh directory with a few files, removed when the test ends.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("forma-fn-" + std::to_string(std::rand()) + std::to_string(reinterpret_cast<uintptr_t>(this)));
    fs::create_directories(path / "sub");
    write("hello.txt", "Hello, world!\n");
    write("binary.bin", std::string("\xff\x00\x01", 3));
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  void write(const std::string& name, const std::string& content) const {
    std::ofstream(path / name, std::ios::binary) << content;
  }
};

}  // namespace

TEST_CASE("file reads a file relative to the scope's base directory") {
  TempDir dir;
  TestScope scope(dir.path.string());
  CHECK(value_of("file", {"hello.txt"}, scope) == "Hello, world!\n");
  CHECK(value_of("file", {(dir.path / "hello.txt").string()}) == "Hello, world!\n");
}

TEST_CASE("file names the missing path and refuses directories and binary data") {
  TempDir dir;
  TestScope scope(dir.path.string());
  CHECK(error_of("file", {"nope.txt"}, scope) == "no file exists at \"nope.txt\"");
  CHECK(error_of("file", {"sub"}, scope) == "\"sub\" is a directory, not a file");
  CHECK(error_of("file", {"binary.bin"}, scope) ==
        "contents of \"binary.bin\" are not valid UTF-8; use filebase64 to read binary files");
}

TEST_CASE("fileexists tells files from missing paths") {
  TempDir dir;
  TestScope scope(dir.path.string());
  CHECK(value_of("fileexists", {"hello.txt"}, scope) == true);
  CHECK(value_of("fileexists", {"nope.txt"}, scope) == false);
  CHECK(error_of("fileexists", {"sub"}, scope) == "\"sub\" is a directory, not a file");
}

TEST_CASE("filebase64 and file hashes read binary files") {
  TempDir dir;
  TestScope scope(dir.path.string());
  CHECK(value_of("filebase64", {"binary.bin"}, scope) == "/wAB");
  CHECK(value_of("filemd5", {"hello.txt"}, scope) == value_of("md5", {"Hello, world!\n"}));
  CHECK(value_of("filesha256", {"hello.txt"}, scope) == value_of("sha256", {"Hello, world!\n"}));
  CHECK(value_of("filebase64sha256", {"hello.txt"}, scope) == value_of("base64sha256", {"Hello, world!\n"}));
  CHECK(error_of("filesha1", {"nope"}, scope) == "no file exists at \"nope\"");
}

TEST_CASE("paths starting with ~ are in the home directory") {
  TempDir dir;
  std::string old_home = std::getenv("HOME") ? std::getenv("HOME") : "";
  setenv("HOME", dir.path.c_str(), 1);
  CHECK(value_of("pathexpand", {"~/.ssh/id_rsa"}) == (dir.path / ".ssh/id_rsa").string());
  CHECK(value_of("pathexpand", {"/etc/x"}) == "/etc/x");
  CHECK(value_of("file", {"~/hello.txt"}) == "Hello, world!\n");
  setenv("HOME", old_home.c_str(), 1);
}

TEST_CASE("dirname basename and abspath follow Go's path rules") {
  CHECK(value_of("dirname", {"foo/bar/baz.txt"}) == "foo/bar");
  CHECK(value_of("dirname", {"baz.txt"}) == ".");
  CHECK(value_of("dirname", {"/baz.txt"}) == "/");
  CHECK(value_of("basename", {"foo/bar/baz.txt"}) == "baz.txt");
  CHECK(value_of("basename", {"foo/bar/"}) == "bar");
  CHECK(value_of("basename", {""}) == ".");
  CHECK(value_of("abspath", {"/a/b/../c/"}) == "/a/c");
  CHECK(value_of("abspath", {"x"}) == (fs::current_path() / "x").string());
}

TEST_CASE("templatefile renders a template with its vars as top-level names") {
  TempDir dir;
  dir.write("greeting.tpl", "Hello, ${name}! You have ${count} messages.");
  TestScope scope(dir.path.string());
  CHECK(value_of("templatefile", {"greeting.tpl", json({{"name", "Ada"}, {"count", 3}})}, scope) ==
        "Hello, Ada! You have 3 messages.");
  CHECK(error_of("templatefile", {"missing.tpl", json::object()}, scope) == "no file exists at \"missing.tpl\"");
  CHECK(error_of("templatefile", {"greeting.tpl", json({{"name", "Ada"}})}, scope) ==
        "template \"greeting.tpl\" line 1: Invalid reference: vars map does not contain key \"count\"");
  dir.write("list.tpl", "%{ for s in servers ~}\n${s.name}:${port}\n%{ endfor ~}");
  CHECK(value_of("templatefile", {"list.tpl", json({{"servers", json::array({json({{"name", "a"}}), json({{"name", "b"}})})}, {"port", 80}})}, scope) ==
        "a:80\nb:80\n");
  CHECK(error_of("templatefile", {"greeting.tpl", "x"}, scope) ==
        "invalid value for \"vars\" parameter: map or object required");
}
