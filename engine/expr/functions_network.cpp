// cidrhost cidrsubnet cidrnetmask cidrsubnets, for IPv4 and IPv6. Addresses
// are held as 128-bit integers; an IPv4 network simply has 32 bits.
#include <arpa/inet.h>

#include "engine/base/text.h"
#include "engine/expr/functions_support.h"

namespace forma::expr::fn {
namespace {

using u128 = unsigned __int128;

struct Network {
  u128 base = 0;    // the network address (host bits cleared)
  int prefix = 0;   // prefix length
  int width = 32;   // 32 for IPv4, 128 for IPv6
};

u128 low_bits(int n) { return n >= 128 ? ~u128(0) : (u128(1) << n) - 1; }
u128 host_mask(const Network& n) { return low_bits(n.width - n.prefix); }

std::optional<Network> parse_cidr(const json& arg, std::string& error) {
  auto text = as_string(arg);
  size_t slash = text ? text->find('/') : std::string::npos;
  error = "invalid CIDR address " + (text ? quote(*text) : type_name(arg)) + ": an address and prefix length such as \"10.0.0.0/16\" is required";
  if (slash == std::string::npos) return std::nullopt;
  std::string addr = text->substr(0, slash), bits = text->substr(slash + 1);
  if (bits.empty() || bits.size() > 3 || bits.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  Network n;
  n.prefix = std::stoi(bits);
  unsigned char raw[16];
  if (inet_pton(AF_INET, addr.c_str(), raw) == 1) n.width = 32;
  else if (inet_pton(AF_INET6, addr.c_str(), raw) == 1) n.width = 128;
  else return std::nullopt;
  if (n.prefix > n.width) return std::nullopt;
  for (int i = 0; i < n.width / 8; ++i) n.base = (n.base << 8) | raw[i];
  n.base &= ~host_mask(n) & low_bits(n.width);
  error.clear();
  return n;
}

std::string address_text(u128 address, int width) {
  unsigned char raw[16];
  for (int i = width / 8 - 1; i >= 0; --i, address >>= 8) raw[i] = static_cast<unsigned char>(address & 0xff);
  char buf[INET6_ADDRSTRLEN];
  inet_ntop(width == 32 ? AF_INET : AF_INET6, raw, buf, sizeof buf);
  return buf;
}

std::string network_text(const Network& n) { return address_text(n.base, n.width) + "/" + std::to_string(n.prefix); }

FunctionResult cidrhost_fn(const Args& a, const Ctx&) {
  std::string error;
  auto n = parse_cidr(a[0], error);
  if (!n) return fail(error);
  auto host = as_integer(a[1]);
  if (!host) return fail(bad_arg("hostnum", "whole number"));
  int host_bits = n->width - n->prefix;
  u128 count = host_bits >= 127 ? ~u128(0) : u128(1) << host_bits;
  u128 offset;
  if (*host >= 0) {
    if (host_bits < 64 && static_cast<u128>(*host) >= count) return fail("prefix of " + std::to_string(n->prefix) + " bits cannot accommodate a host numbered " + std::to_string(*host));
    offset = static_cast<u128>(*host);
  } else {
    u128 back = static_cast<u128>(-(*host));
    if (host_bits < 64 && back > count) return fail("prefix of " + std::to_string(n->prefix) + " bits cannot accommodate a host numbered " + std::to_string(*host));
    offset = host_mask(*n) - back + 1;
  }
  return ok(address_text(n->base + offset, n->width));
}

// The subnet `netnum` of `newbits` more bits inside `n`.
std::optional<Network> subnet(const Network& n, long long newbits, long long netnum, std::string& error) {
  if (newbits < 0 || n.prefix + newbits > n.width) {
    error = "insufficient address space to extend prefix of " + std::to_string(n.prefix) + " by " + std::to_string(newbits);
    return std::nullopt;
  }
  if (netnum < 0 || (newbits < 63 && netnum >= (1LL << newbits))) {
    error = "prefix extension of " + std::to_string(newbits) + " does not accommodate a subnet numbered " + std::to_string(netnum);
    return std::nullopt;
  }
  Network s = n;
  s.prefix = n.prefix + static_cast<int>(newbits);
  s.base = n.base | (static_cast<u128>(netnum) << (n.width - s.prefix));
  return s;
}

FunctionResult cidrsubnet_fn(const Args& a, const Ctx&) {
  std::string error;
  auto n = parse_cidr(a[0], error);
  if (!n) return fail(error);
  auto newbits = as_integer(a[1]), netnum = as_integer(a[2]);
  if (!newbits || !netnum) return fail("newbits and netnum must be whole numbers");
  auto s = subnet(*n, *newbits, *netnum, error);
  return s ? ok(network_text(*s)) : fail(error);
}

FunctionResult cidrnetmask_fn(const Args& a, const Ctx&) {
  std::string error;
  auto n = parse_cidr(a[0], error);
  if (!n) return fail(error);
  if (n->width != 32) return fail("only IPv4 networks have a netmask; " + quote(*as_string(a[0])) + " is IPv6");
  return ok(address_text(low_bits(32) & ~host_mask(*n), 32));
}

// Consecutive subnets of the given sizes, each starting after the previous
// one at its own alignment, as Terraform allocates them.
FunctionResult cidrsubnets_fn(const Args& a, const Ctx&) {
  std::string error;
  auto n = parse_cidr(a[0], error);
  if (!n) return fail(error);
  json out = json::array();
  u128 next = n->base;
  for (size_t i = 1; i < a.size(); ++i) {
    auto newbits = as_integer(a[i]);
    if (!newbits || *newbits < 1 || n->prefix + *newbits > n->width) {
      return fail("argument " + std::to_string(i + 1) + " must be a whole number from 1 to " + std::to_string(n->width - n->prefix));
    }
    Network s = *n;
    s.prefix = n->prefix + static_cast<int>(*newbits);
    u128 size_mask = host_mask(s);
    s.base = (next + size_mask) & ~size_mask;  // round up to the subnet's alignment
    bool outside = s.base < next || ((s.base & ~host_mask(*n)) != n->base);
    if (outside) return fail("not enough remaining address space for a subnet with a prefix of " + std::to_string(s.prefix) + " bits");
    out.push_back(network_text(s));
    next = s.base + size_mask + 1;
    if (next == 0 || (next & ~host_mask(*n) & low_bits(n->width)) != n->base) next = ~u128(0);  // space exhausted
  }
  return ok(out);
}

}  // namespace

std::vector<FunctionSpec> network_functions() {
  return {
      {"cidrhost", 2, 2, false, cidrhost_fn},
      {"cidrsubnet", 3, 3, false, cidrsubnet_fn},
      {"cidrnetmask", 1, 1, false, cidrnetmask_fn},
      {"cidrsubnets", 2, -1, false, cidrsubnets_fn},
  };
}

}  // namespace forma::expr::fn
