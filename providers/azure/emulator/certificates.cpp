#include "providers/azure/emulator/certificates.h"

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <cstdio>
#include <memory>

namespace forma::emulator {
namespace {

namespace fs = std::filesystem;

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Cert = std::unique_ptr<X509, decltype(&X509_free)>;

Key new_key() { return Key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), EVP_PKEY_free); }

bool add_extension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (!ext) return false;
  const bool ok = X509_add_ext(cert, ext, -1) == 1;
  X509_EXTENSION_free(ext);
  return ok;
}

bool set_random_serial(X509* cert) {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return false;
  bytes[0] &= 0x7f;  // positive
  BIGNUM* bn = BN_bin2bn(bytes, sizeof bytes, nullptr);
  const bool ok = bn && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert)) != nullptr;
  BN_free(bn);
  return ok;
}

// A certificate for `key` named `common_name`, signed by issuer/issuer_key
// (itself when issuer is null).
Cert make_certificate(EVP_PKEY* key, const char* common_name, X509* issuer, EVP_PKEY* issuer_key,
                      bool is_ca) {
  Cert cert(X509_new(), X509_free);
  if (!cert || X509_set_version(cert.get(), 2) != 1 || !set_random_serial(cert.get()))
    return Cert(nullptr, X509_free);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 10L * 365 * 24 * 3600);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("forma emulator"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name),
                             -1, -1, 0);
  X509* signer = issuer ? issuer : cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
  bool ok = add_extension(cert.get(), signer, NID_subject_key_identifier, "hash") &&
            add_extension(cert.get(), signer, NID_authority_key_identifier, "keyid:always");
  if (is_ca) {
    ok = ok && add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE") &&
         add_extension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    ok = ok && add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE") &&
         add_extension(cert.get(), signer, NID_key_usage, "critical,digitalSignature,keyEncipherment") &&
         add_extension(cert.get(), signer, NID_ext_key_usage, "serverAuth") &&
         add_extension(cert.get(), signer, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost");
  }
  if (!ok || X509_sign(cert.get(), issuer_key ? issuer_key : key, EVP_sha256()) == 0)
    return Cert(nullptr, X509_free);
  return cert;
}

// Creates the file with `mode` before anything is written to it.
FILE* open_private(const fs::path& path, mode_t mode) {
  fs::remove(path);
  FILE* f = std::fopen(path.c_str(), "wx");
  if (f) ::chmod(path.c_str(), mode);
  return f;
}

Status write_key(const fs::path& path, EVP_PKEY* key) {
  FILE* f = open_private(path, 0600);
  if (!f) return Status::error("cannot write " + path.string());
  const bool ok = PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
  std::fclose(f);
  return ok ? Status::ok() : Status::error("cannot write the key " + path.string());
}

Status write_cert(const fs::path& path, X509* cert) {
  FILE* f = open_private(path, 0644);
  if (!f) return Status::error("cannot write " + path.string());
  const bool ok = PEM_write_X509(f, cert) == 1;
  std::fclose(f);
  return ok ? Status::ok() : Status::error("cannot write the certificate " + path.string());
}

Status generate(const CertificateFiles& files) {
  Key ca_key = new_key(), server_key = new_key();
  if (!ca_key || !server_key) return Status::error("cannot generate EC P-256 keys");
  Cert ca = make_certificate(ca_key.get(), "forma emulator CA", nullptr, nullptr, true);
  if (!ca) return Status::error("cannot create the emulator's CA certificate");
  Cert server = make_certificate(server_key.get(), "localhost", ca.get(), ca_key.get(), false);
  if (!server) return Status::error("cannot create the emulator's server certificate");
  for (Status s :
       {write_key(files.ca_key, ca_key.get()), write_cert(files.ca_cert, ca.get()),
        write_key(files.server_key, server_key.get()), write_cert(files.server_cert, server.get())})
    if (!s) return s;
  return Status::ok();
}

}  // namespace

Status ensure_certificates(const fs::path& dir, CertificateFiles& out) {
  out = {dir / "ca.pem", dir / "ca.key", dir / "server.pem", dir / "server.key"};
  std::error_code ec;
  bool complete = true;
  for (const auto& p : {out.ca_cert, out.ca_key, out.server_cert, out.server_key})
    complete = complete && fs::exists(p, ec);
  if (complete) return Status::ok();
  return generate(out);
}

}  // namespace forma::emulator
