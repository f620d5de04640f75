#include <ctime>

#include "template_test_support.h"

using namespace forma;
using namespace forma::azure::tmpl;
using namespace forma::azure::tmpl::testing;

TEST_CASE("base64 and data URI functions round-trip") {
  CHECK(value_of("[base64('one, two, three')]") == "b25lLCB0d28sIHRocmVl");
  CHECK(value_of("[base64ToString('b25lLCB0d28sIHRocmVl')]") == "one, two, three");
  CHECK(value_of("[base64ToJson(base64('{\"a\":1}')).a]") == 1);
  CHECK(value_of("[dataUri('Hello')]") == "data:text/plain;charset=utf8;base64,SGVsbG8=");
  CHECK(value_of("[dataUriToString('data:;base64,SGVsbG8sIFdvcmxkIQ==')]") == "Hello, World!");
  CHECK_THAT(error_of("[base64ToString('***')]"), Catch::Contains("'base64ToString' expects valid base64"));
  CHECK_THAT(error_of("[dataUriToString('nope')]"), Catch::Contains("expects a data URI"));
}

TEST_CASE("string searches: contains is case-sensitive, indexOf, startsWith and endsWith are not") {
  CHECK(value_of("[contains('OneTwoThree', 'Two')]") == true);
  CHECK(value_of("[contains('OneTwoThree', 'two')]") == false);
  CHECK(value_of("[indexOf('test', 'T')]") == 0);
  CHECK(value_of("[lastIndexOf('abcabc', 'B')]") == 4);
  CHECK(value_of("[indexOf('abc', 'z')]") == -1);
  CHECK(value_of("[startsWith('abcdef', 'AB')]") == true);
  CHECK(value_of("[endsWith('abcdef', 'EF')]") == true);
  CHECK(value_of("[endsWith('abcdef', 'e')]") == false);
}

TEST_CASE("format follows .NET composite formatting") {
  CHECK(value_of("[format('{0}, {1}. Formatted number: {2:N0}', 'Hello', 'User', 8175133)]") ==
        "Hello, User. Formatted number: 8,175,133");
  CHECK(value_of("[format('vm{0:D3}', 7)]") == "vm007");
  CHECK(value_of("[format('{0:X4}|{0:x}', 255)]") == "00FF|ff");
  CHECK(value_of("[format('{0:F2}|{0:N1}', 1234.567)]") == "1234.57|1,234.6");
  CHECK(value_of("[format('[{0,5}][{1,-4}]', 'ab', 'c')]") == "[   ab][c   ]");
  CHECK(value_of("[format('{{literal}} {0}', true())]") == "{literal} True");
  CHECK(value_of("[format('{0:000.0}', 3.14159)]") == "003.1");
  CHECK_THAT(error_of("[format('{1}', 'a')]"),
             Catch::Contains("'format' finds the format item {1} but has only 1"));
  CHECK_THAT(error_of("[format('{x}', 'a')]"), Catch::Contains("invalid format item"));
}

TEST_CASE("padLeft, replace, split, substring, trim and case") {
  CHECK(value_of("[padLeft('123', 10, '0')]") == "0000000123");
  CHECK(value_of("[padLeft(7, 3)]") == "  7");
  CHECK(value_of("[replace('123-123-1234', '-', '')]") == "1231231234");
  CHECK(value_of("[split('one,two;three', createArray(',', ';'))]") == json({"one", "two", "three"}));
  CHECK(value_of("[split('a,,b', ',')]") == json({"a", "", "b"}));
  CHECK(value_of("[substring('hello', 1, 3)]") == "ell");
  CHECK(value_of("[substring('hello', 2)]") == "llo");
  CHECK(value_of("[trim('   x y  ')]") == "x y");
  CHECK(value_of("[toUpper('aBc')]") == "ABC");
  CHECK(value_of("[toLower('aBc')]") == "abc");
  CHECK_THAT(error_of("[substring('hello', 3, 5)]"),
             Catch::Contains("'substring' expects the start index 3"));
  CHECK_THAT(error_of("[padLeft('a', 3, 'xy')]"), Catch::Contains("single padding character"));
  CHECK_THAT(error_of("[replace('a', 'b')]"), Catch::Contains("'replace' expects 3 argument(s), got 2"));
  CHECK_THAT(error_of("[toLower(1)]"),
             Catch::Contains("'toLower' expects argument 1 to be a string, got an integer"));
}

TEST_CASE("string() renders values as ARM does") {
  CHECK(value_of("[string(json('{\"valueA\": 10, \"valueB\": \"Example Text\"}'))]") ==
        "{\"valueA\":10,\"valueB\":\"Example Text\"}");
  CHECK(value_of("[string(createArray('a','b'))]") == "[\"a\",\"b\"]");
  CHECK(value_of("[string(5)]") == "5");
  CHECK(value_of("[string(true())]") == "True");
  CHECK(value_of("[concat('n', 1, '-', false())]") == "n1-False");
}

TEST_CASE("uri functions combine and encode like .NET") {
  CHECK(value_of("[uri('http://contoso.com/resources/', 'nested/azuredeploy.json')]") ==
        "http://contoso.com/resources/nested/azuredeploy.json");
  CHECK(value_of("[uri('http://contoso.org/firstpath', 'myscript.sh')]") == "http://contoso.org/myscript.sh");
  CHECK(value_of("[uri('http://contoso.org/a/b', '/root.sh')]") == "http://contoso.org/root.sh");
  CHECK(value_of("[uriComponent('http://contoso.com/resources/nested/azuredeploy.json')]") ==
        "http%3A%2F%2Fcontoso.com%2Fresources%2Fnested%2Fazuredeploy.json");
  CHECK(value_of("[uriComponentToString('http%3A%2F%2Fcontoso.com%2Fa%20b')]") == "http://contoso.com/a b");
}

TEST_CASE("utcNow and newGuid work only in parameter defaults, through the seams") {
  TemplateSeams seams;
  std::tm tm{};
  tm.tm_year = 2026 - 1900;
  tm.tm_mon = 11;
  tm.tm_mday = 2;
  tm.tm_hour = 7;
  tm.tm_min = 5;
  tm.tm_sec = 9;
  seams.now = [t = std::chrono::system_clock::from_time_t(timegm(&tm))] { return t; };
  seams.random_bytes = [] {
    std::array<uint8_t, 16> b{};
    for (size_t i = 0; i < b.size(); ++i) b[i] = static_cast<uint8_t>(i * 17);
    return b;
  };
  std::string params = R"("parameters": {
      "stamp": {"type": "string", "defaultValue": "[utcNow()]"},
      "day": {"type": "string", "defaultValue": "[utcNow('yyyy-MM-dd HH:mm:ss')]"},
      "u": {"type": "string", "defaultValue": "[utcNow('u')]"},
      "id": {"type": "string", "defaultValue": "[newGuid()]"}})";
  auto e =
      evaluate("[createArray(parameters('stamp'), parameters('day'), parameters('u'), parameters('id'))]",
               params, seams);
  INFO(e.error);
  REQUIRE(e.error.empty());
  CHECK(e.value == json({"20261202T070509Z", "2026-12-02 07:05:09", "2026-12-02 07:05:09Z",
                         "00112233-4455-4677-8899-aabbccddeeff"}));
  CHECK_THAT(error_of("[utcNow()]"),
             Catch::Contains("'utcNow' can only be used in the defaultValue of a parameter"));
  CHECK_THAT(error_of("[newGuid()]"), Catch::Contains("'newGuid' can only be used in the defaultValue"));
}
