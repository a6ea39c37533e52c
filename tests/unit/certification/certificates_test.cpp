// Verification codes of certificates: their format (digits, then 16 base32 characters in groups of
// four), reading them back whatever the case and spacing, refusing anything else; MAC verification
// with the current key, with an earlier key after a rotation (the key id kept with the certificate),
// and an altered MAC or id refused. And the holders' export's name split.
#include <gtest/gtest.h>

#include <regex>

#include "certification/certificates/code.hpp"
#include "certification/certificates/model.hpp"
#include "platform/web/crypto.hpp"

using namespace trame;
using namespace trame::certificates;

namespace {

web::DerivedKey key_of(const std::string& secret) {
  web::init_crypto();
  return web::SecretKeys(secret).current(kCertificateContext);
}

}  // namespace

TEST(CertificateCode, Format) {
  auto key = key_of("une clé secrète de test assez longue pour tout");
  std::string code = make_code(key, 42);
  EXPECT_TRUE(std::regex_match(code, std::regex("42-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}"))) << code;
  EXPECT_EQ(make_code(key, 42), code);  // deterministic
  EXPECT_NE(make_code(key, 43).substr(3), code.substr(3));
}

TEST(CertificateCode, ParsesWhateverTheCaseAndSpacing) {
  auto key = key_of("une clé secrète de test assez longue pour tout");
  std::string code = make_code(key, 1234);
  auto p = parse_code(code);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->id, 1234);
  EXPECT_EQ(p->mac.size(), kMacBytes);
  EXPECT_TRUE(code_matches(key, *p));
  std::string lower = code;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto l = parse_code(lower);
  ASSERT_TRUE(l);
  EXPECT_TRUE(code_matches(key, *l));
  std::string spaced = "1234 ";
  for (char c : code.substr(5))
    if (c != '-') spaced += c;
  auto s = parse_code(spaced);
  ASSERT_TRUE(s);
  EXPECT_TRUE(code_matches(key, *s));
}

TEST(CertificateCode, RefusesMalformedCodes) {
  EXPECT_FALSE(parse_code(""));
  EXPECT_FALSE(parse_code("42"));
  EXPECT_FALSE(parse_code("42-"));
  EXPECT_FALSE(parse_code("ABCD-EFGH-IJKL-MNOP"));      // no id
  EXPECT_FALSE(parse_code("42-ABCD-EFGH-IJKL-MNO"));    // 15 characters
  EXPECT_FALSE(parse_code("42-ABCD-EFGH-IJKL-MNOPQ"));  // 17 characters
  EXPECT_FALSE(parse_code("42-ABCD-EFGH-IJKL-MN9P"));   // 9 is not base32
  EXPECT_FALSE(parse_code("042-ABCD-EFGH-IJKL-MNOP"));  // leading zero
  EXPECT_FALSE(parse_code("-42-ABCD-EFGH-IJKL-MNOP"));
  EXPECT_FALSE(parse_code("42-ABCD-EFGH-IJKL-MNOP/../x"));  // trailing junk
  EXPECT_FALSE(parse_code(std::string(200, '1')));
}

TEST(CertificateCode, AlteredCodesDoNotVerify) {
  auto key = key_of("une clé secrète de test assez longue pour tout");
  std::string code = make_code(key, 77);
  // Another certificate's id with this MAC, and one character of the MAC changed.
  auto other = parse_code("78" + code.substr(2));
  ASSERT_TRUE(other);
  EXPECT_FALSE(code_matches(key, *other));
  std::string altered = code;
  altered.back() = altered.back() == 'A' ? 'B' : 'A';
  auto a = parse_code(altered);
  ASSERT_TRUE(a);
  EXPECT_FALSE(code_matches(key, *a));
  // The same id under another secret.
  auto p = parse_code(code);
  EXPECT_FALSE(code_matches(key_of("un tout autre secret, lui aussi assez long"), *p));
}

TEST(CertificateCode, OlderKeyStillVerifiesAfterRotation) {
  web::init_crypto();
  const std::string old_secret = "l'ancienne clé secrète, d'avant la rotation";
  const std::string new_secret = "la nouvelle clé secrète, après la rotation";
  auto old_key = web::SecretKeys(old_secret).current(kCertificateContext);
  std::string code = make_code(old_key, 5);  // issued before the rotation; its row keeps old_key.id
  web::SecretKeys rotated(new_secret, {old_secret});
  EXPECT_NE(rotated.current(kCertificateContext).id, old_key.id);
  auto found = rotated.find(kCertificateContext, old_key.id);
  ASSERT_TRUE(found);
  auto p = parse_code(code);
  ASSERT_TRUE(p);
  EXPECT_TRUE(code_matches(*found, *p));
  EXPECT_FALSE(code_matches(rotated.current(kCertificateContext), *p));
  // Without the old secret among the previous ones, its key is unknown: the code is invalid.
  EXPECT_FALSE(web::SecretKeys(new_secret).find(kCertificateContext, old_key.id));
  // A context of its own: not the audit log's key.
  EXPECT_NE(web::SecretKeys(new_secret).current(web::kAuditContext).id, rotated.current(kCertificateContext).id);
}

TEST(CertificateCode, Base32RoundTrip) {
  std::string bytes = "\x00\x01\xfe\xff trame";
  EXPECT_EQ(from_base32(base32(bytes)).value(), bytes);
  EXPECT_EQ(base32("foobar"), "MZXW6YTBOI");  // RFC 4648 test vector, without padding
  EXPECT_FALSE(from_base32("ABC1"));
}

TEST(CertificateHolderName, SplitAtTheLastSpace) {
  EXPECT_EQ(split_name("Claire Morvan").last, "Morvan");
  EXPECT_EQ(split_name("Claire Morvan").first, "Claire");
  EXPECT_EQ(split_name("Jean Pierre Dupont").first, "Jean Pierre");
  EXPECT_EQ(split_name("Jean Pierre Dupont").last, "Dupont");
  EXPECT_EQ(split_name("Claire Morvan (fictive)").last, "Morvan (fictive)");
  EXPECT_EQ(split_name("Claire Morvan (fictive)").first, "Claire");
  EXPECT_EQ(split_name("Morvan").last, "Morvan");
  EXPECT_EQ(split_name("Morvan").first, "");
  EXPECT_EQ(split_name("  Claire   Morvan ").last, "Morvan");
  EXPECT_EQ(split_name("  Claire   Morvan ").first, "Claire");
}

TEST(CertificateBlocks, CommaSeparatedCodes) {
  EXPECT_EQ(block_codes("BC01,BC03"), (std::vector<std::string>{"BC01", "BC03"}));
  EXPECT_TRUE(block_codes("").empty());
}
