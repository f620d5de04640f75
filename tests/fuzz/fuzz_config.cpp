// libFuzzer target: a config file's text through everything load_module does
// with it short of the filesystem: JSONC parse, merge, block decoding and the
// JSON Schema check. Any input must give diagnostics, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/config/config.h"
#include "engine/config/decoder.h"
#include "engine/config/document_merge.h"
#include "engine/config/jsonc.h"
#include "engine/config/schema_validation.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  forma::config::Module m;
  m.dir = ".";
  forma::Diagnostics diags;
  forma::config::JsoncDocument doc = forma::config::parse_jsonc(text, "fuzz.forma.json");
  if (doc.error) return 0;
  forma::config::DocumentMerger merger(m.positions);
  merger.add("fuzz.forma.json", std::move(doc), diags);
  forma::config::Decoder decoder(m.positions, diags);
  forma::config::decode_document(decoder, merger.document(), m);
  if (!forma::has_errors(diags)) (void)forma::config::validate_config_schema(merger.document(), m.positions);
  return 0;
}
