#include "engine/ui/progress.h"

#include <catch2/catch.hpp>

#include "tests/engine/ui/ui_test_support.h"
#include "tests/text_support.h"

using namespace forma;
using namespace forma::ui;
using forma::ui::testing::Capture;
using forma::ui::testing::change;
using std::chrono::seconds;

namespace {

using forma::testing::contains;

}  // namespace

TEST_CASE("a create that runs long reports Still creating every 10 seconds, then how long it took") {
  Capture out;
  ManualClock clock;
  ConsoleProgress progress(out.file(), Style{}, clock);
  auto c = change("azure_batchai_cluster.nc6", "azure_batchai_cluster", plan::Action::Create);
  progress.change_started(c);
  clock.advance(seconds(9));
  progress.poll();
  CHECK(out.text() == "azure_batchai_cluster.nc6: Creating...\n");
  clock.advance(seconds(1));
  progress.poll();
  clock.advance(seconds(10));
  progress.poll();
  progress.poll();  // a second poll in the same period says nothing more
  clock.advance(seconds(103));
  progress.change_finished(c, 0, "/subscriptions/s/clusters/nc6");
  CHECK(out.text() ==
        "azure_batchai_cluster.nc6: Creating...\n"
        "azure_batchai_cluster.nc6: Still creating... [10s elapsed]\n"
        "azure_batchai_cluster.nc6: Still creating... [20s elapsed]\n"
        "azure_batchai_cluster.nc6: Creation complete after 2m3s [id=/subscriptions/s/clusters/nc6]\n");
}

TEST_CASE("a late poll reports whole periods of elapsed time") {
  Capture out;
  ManualClock clock;
  ConsoleProgress progress(out.file(), Style{}, clock);
  auto c = change("test_null.a", "test_null", plan::Action::Update);
  progress.change_started(c);
  clock.advance(std::chrono::milliseconds(21500));
  progress.poll();
  CHECK(contains(out.text(), "test_null.a: Still modifying... [20s elapsed]\n"));
}

TEST_CASE("updates, destroys and reads have their own words, and a destroy shows no id") {
  Capture out;
  ManualClock clock;
  ConsoleProgress progress(out.file(), Style{}, clock);
  auto u = change("test_null.u", "test_null", plan::Action::Update);
  auto d = change("test_null.d", "test_null", plan::Action::Delete);
  auto r = change("data.test_echo.e", "test_echo", plan::Action::Read, "data");
  for (const auto* c : {&u, &d, &r}) progress.change_started(*c);
  clock.advance(seconds(2));
  progress.change_finished(u, 0, "u1");
  progress.change_finished(d, 0, "d1");
  progress.change_finished(r, 0, "");
  CHECK(out.text() ==
        "test_null.u: Modifying...\n"
        "test_null.d: Destroying...\n"
        "data.test_echo.e: Reading...\n"
        "test_null.u: Modifications complete after 2.0s [id=u1]\n"
        "test_null.d: Destruction complete after 2.0s\n"
        "data.test_echo.e: Read complete after 2.0s\n");
}

TEST_CASE("a failed change is reported as errored and no longer reported as running") {
  Capture out;
  ManualClock clock;
  ConsoleProgress progress(out.file(), Style{}, clock);
  auto c = change("test_null.a", "test_null", plan::Action::Create);
  progress.change_started(c);
  clock.advance(seconds(3));
  progress.change_failed(c, 0);
  clock.advance(seconds(30));
  progress.poll();
  CHECK(out.text() == "test_null.a: Creating...\ntest_null.a: Creation errored after 3.0s\n");
}

TEST_CASE("a deposed object is named with its key") {
  Capture out;
  ManualClock clock;
  ConsoleProgress progress(out.file(), Style{}, clock);
  auto c = change("test_null.a", "test_null", plan::Action::Delete);
  c.deposed = "1a2b3c4d";
  progress.change_started(c);
  CHECK(out.text() == "test_null.a (deposed 1a2b3c4d): Destroying...\n");
}

TEST_CASE("on a terminal a status line names what is in flight and is erased before each line") {
  Capture out;
  ManualClock clock;
  ProgressOptions options;
  options.live = true;
  ConsoleProgress progress(out.file(), Style{}, clock, options);
  auto a = change("test_null.a", "test_null", plan::Action::Create);
  auto b = change("test_null.b", "test_null", plan::Action::Delete);
  progress.change_started(a);
  CHECK(out.text() == "test_null.a: Creating...\n\r\x1b[KIn flight (1): test_null.a (creating 0s)");
  progress.change_started(b);
  clock.advance(seconds(4));
  progress.poll();
  std::string text = out.text();
  CHECK(contains(text, "\r\x1b[Ktest_null.b: Destroying...\n"));
  CHECK(text.substr(text.rfind('\r')) == "\r\x1b[KIn flight (2): test_null.a (creating 4s), test_null.b (destroying 4s)");
  progress.change_finished(a, 0, "id-a");
  text = out.text();
  CHECK(contains(text, "\r\x1b[Ktest_null.a: Creation complete after 4.0s [id=id-a]\n\r\x1b[KIn flight (1): test_null.b"));
  // Nothing is left on the status line once the run is over.
  progress.close();
  text = out.text();
  CHECK(text.substr(text.size() - 4) == "\r\x1b[K");
  progress.change_finished(b, 0, "");
  CHECK(out.text().substr(text.size()) == "test_null.b: Destruction complete after 4.0s\n");
}

TEST_CASE("the status line is cut to the width of the terminal") {
  Capture out;
  ManualClock clock;
  ProgressOptions options;
  options.live = true;
  options.width = 40;
  ConsoleProgress progress(out.file(), Style{}, clock, options);
  progress.change_started(change("azure_batchai_cluster.a_long_name", "azure_batchai_cluster", plan::Action::Create));
  std::string text = out.text();
  std::string status = text.substr(text.rfind("\x1b[K") + 3);
  CHECK(status.size() == 39);
  CHECK(status.substr(status.size() - 3) == "...");
}

TEST_CASE("without a terminal there is no status line and no escape code") {
  Capture out;
  ManualClock clock;
  ConsoleProgress progress(out.file(), Style{}, clock);
  auto a = change("test_null.a", "test_null", plan::Action::Create);
  progress.change_started(a);
  clock.advance(seconds(12));
  progress.poll();
  progress.change_finished(a, 0, "x");
  progress.close();
  CHECK_FALSE(contains(out.text(), "\x1b"));
  CHECK_FALSE(contains(out.text(), "In flight"));
}

TEST_CASE("with colour the address is bold and an error red") {
  Capture out;
  ManualClock clock;
  ConsoleProgress progress(out.file(), Style{true}, clock);
  auto a = change("test_null.a", "test_null", plan::Action::Create);
  progress.change_started(a);
  progress.change_failed(a, 0);
  CHECK(contains(out.text(), "\x1b[1mtest_null.a:\x1b[0m Creating..."));
  CHECK(contains(out.text(), "\x1b[31mCreation errored\x1b[0m"));
}

TEST_CASE("the ticker calls its function until it is destroyed") {
  std::atomic<int> calls{0};
  {
    Ticker ticker([&] { ++calls; }, std::chrono::milliseconds(1));
    while (calls.load() < 3) std::this_thread::yield();
  }
  int after = calls.load();
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  CHECK(calls.load() == after);
}
