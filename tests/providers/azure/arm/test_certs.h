// A throw-away certificate authority and a server certificate for 127.0.0.1,
// written as PEM files into a temporary directory, for TLS tests.
#pragma once

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <filesystem>
#include <memory>
#include <string>

namespace forma::azure::testing {

struct TestCertificates {
  std::filesystem::path dir;
  std::string ca_file, cert_file, key_file;

  TestCertificates();
  ~TestCertificates() { std::filesystem::remove_all(dir); }
};

namespace detail {

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Cert = std::unique_ptr<X509, decltype(&X509_free)>;

inline void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (!ext) throw std::runtime_error("bad test certificate extension");
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

// A certificate for `key` named `cn`, signed by `issuer_key` (self-signed when issuer is null).
inline Cert make_cert(EVP_PKEY* key, const char* cn, long serial, X509* issuer, EVP_PKEY* issuer_key) {
  Cert cert(X509_new(), X509_free);
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400);
  X509_set_pubkey(cert.get(), key);
  X509_NAME_add_entry_by_txt(X509_get_subject_name(cert.get()), "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(cn), -1, -1, 0);
  X509* signer = issuer ? issuer : cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
  add_extension(cert.get(), signer, NID_subject_key_identifier, "hash");
  if (issuer) {
    add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
    add_extension(cert.get(), signer, NID_ext_key_usage, "serverAuth");
    add_extension(cert.get(), signer, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost");
    add_extension(cert.get(), signer, NID_authority_key_identifier, "keyid");
  } else {
    add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
    add_extension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  }
  X509_sign(cert.get(), issuer_key ? issuer_key : key, EVP_sha256());
  return cert;
}

template <typename Write>
void write_pem(const std::string& path, Write write) {
  BIO* bio = BIO_new_file(path.c_str(), "w");
  if (!bio || write(bio) != 1) throw std::runtime_error("could not write " + path);
  BIO_free(bio);
}

}  // namespace detail

inline TestCertificates::TestCertificates() {
  using namespace detail;
  static int n = 0;
  dir = std::filesystem::temp_directory_path() /
        ("forma-certs-" + std::to_string(::getpid()) + "-" + std::to_string(++n));
  std::filesystem::create_directories(dir);
  ca_file = (dir / "ca.pem").string();
  cert_file = (dir / "server.pem").string();
  key_file = (dir / "server.key").string();
  Key ca_key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  Key server_key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  Cert ca = make_cert(ca_key.get(), "forma test CA", 1, nullptr, nullptr);
  Cert server = make_cert(server_key.get(), "127.0.0.1", 2, ca.get(), ca_key.get());
  write_pem(ca_file, [&](BIO* b) { return PEM_write_bio_X509(b, ca.get()); });
  write_pem(cert_file, [&](BIO* b) { return PEM_write_bio_X509(b, server.get()); });
  write_pem(key_file, [&](BIO* b) {
    return PEM_write_bio_PrivateKey(b, server_key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  });
}

}  // namespace forma::azure::testing
