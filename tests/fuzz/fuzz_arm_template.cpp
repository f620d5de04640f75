// libFuzzer target: an ARM template's text through everything a plan does
// with it: parse, bind (parameter checks, variables, declarations), expand
// every resource with reference() unknown, and the outputs. Any input must
// give diagnostics, never a crash. The clock and the random source are
// fixed so that a finding reproduces.
#include <cstddef>
#include <cstdint>
#include <string>

#include "providers/azure/template/template.h"

namespace tmpl = forma::azure::tmpl;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  tmpl::ArmTemplate t;
  if (forma::has_errors(tmpl::parse_template(text, "fuzz.json", t))) return 0;
  tmpl::ParameterValues params;
  tmpl::DeploymentContext ctx{"fuzz", "00000000-0000-4000-8000-00000000f0a1", "rg", "eastus",
                              "72f988bf-0000-4000-8000-00000000e001"};
  tmpl::TemplateSeams seams;
  seams.now = [] { return std::chrono::system_clock::time_point(std::chrono::seconds(1767225600)); };
  seams.random_bytes = [] { return std::array<uint8_t, 16>{}; };
  tmpl::TemplateDeployment d;
  if (forma::has_errors(d.bind(t, params, ctx, seams))) return 0;
  tmpl::UnknownResolver unknown;
  tmpl::ExpandedDeployment out;
  (void)d.expand(unknown, out);
  return 0;
}
