#include "providers/azure/emulator/options.h"

#include <arpa/inet.h>

#include <charconv>

namespace forma::emulator {

Status parse_listen_address(std::string_view text, std::string& host, int& port) {
  const size_t colon = text.rfind(':');
  if (colon == std::string_view::npos)
    return Status::error("--listen \"" + std::string(text) + "\" must be HOST:PORT, e.g. 127.0.0.1:0");
  std::string h(text.substr(0, colon));
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  const std::string_view digits = text.substr(colon + 1);
  int p = -1;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), p);
  if (ec != std::errc() || end != digits.data() + digits.size() || p < 0 || p > 65535)
    return Status::error("--listen \"" + std::string(text) + "\": the port must be a number from 0 to 65535");
  in_addr v4{};
  in6_addr v6{};
  bool loopback = false;
  if (h == "localhost") {
    h = "127.0.0.1";
    loopback = true;
  } else if (inet_pton(AF_INET, h.c_str(), &v4) == 1) {
    loopback = (ntohl(v4.s_addr) >> 24) == 127;
  } else if (inet_pton(AF_INET6, h.c_str(), &v6) == 1) {
    loopback = IN6_IS_ADDR_LOOPBACK(&v6);
  }
  if (!loopback)
    return Status::error("--listen \"" + std::string(text) +
                         "\": the emulator only listens on loopback addresses (127.0.0.0/8, ::1, localhost)");
  host = h;
  port = p;
  return Status::ok();
}

}  // namespace forma::emulator
