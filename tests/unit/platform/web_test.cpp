#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include <unistd.h>

#include "platform/http/static_files.hpp"
#include "platform/web/app.hpp"
#include "platform/web/config.hpp"
#include "platform/web/crypto.hpp"
#include "platform/web/i18n.hpp"
#include "platform/web/permissions.hpp"
#include "platform/web/page_cache.hpp"
#include "platform/web/views.hpp"

using namespace trame;

namespace {
struct CryptoInit : ::testing::Environment {
  void SetUp() override { web::init_crypto(); }
};
const auto* env = ::testing::AddGlobalTestEnvironment(new CryptoInit);
}  // namespace

TEST(Crypto, TokensAre128BitsAndUnique) {
  auto a = web::random_token(16);
  auto b = web::random_token(16);
  EXPECT_EQ(a.size(), 22u);  // 16 bytes in unpadded base64url
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_of("+/="), std::string::npos);
}

TEST(Crypto, PasswordHashIsArgon2idAndVerifies) {
  auto hash = web::hash_password("une phrase de passe");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u);
  EXPECT_NE(hash.find("m=65536"), std::string::npos);
  EXPECT_TRUE(web::verify_password(hash, "une phrase de passe"));
  EXPECT_FALSE(web::verify_password(hash, "une phrase de passE"));
  EXPECT_FALSE(web::verify_password("", "x"));
  EXPECT_FALSE(web::password_needs_rehash(hash));
}

// TRAME_PASSWORD_COST=minimum (test runs): new hashes at argon2id's smallest cost; a hash made at the
// production cost still verifies, and is made again at the configured cost on the next login.
TEST(Crypto, PasswordCostForTestRuns) {
  auto interactive = web::hash_password("une phrase de passe");
  ::setenv("TRAME_PASSWORD_COST", "minimum", 1);
  auto cheap = web::hash_password("une phrase de passe");
  bool cheap_verifies = web::verify_password(cheap, "une phrase de passe");
  bool interactive_verifies = web::verify_password(interactive, "une phrase de passe");
  bool interactive_stale = web::password_needs_rehash(interactive);
  bool cheap_stale = web::password_needs_rehash(cheap);
  ::unsetenv("TRAME_PASSWORD_COST");
  EXPECT_NE(cheap.find("m=8,t=1,"), std::string::npos) << cheap;
  EXPECT_TRUE(cheap_verifies);
  EXPECT_TRUE(interactive_verifies);
  EXPECT_TRUE(interactive_stale);
  EXPECT_FALSE(cheap_stale);
  EXPECT_TRUE(web::password_needs_rehash(cheap));  // back at the production cost
  EXPECT_NE(web::hash_password("x").find("m=65536,t=2,"), std::string::npos);
}

TEST(Crypto, Sha256AndConstantTimeCompare) {
  EXPECT_EQ(web::sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(web::constant_time_equal("abc", "abc"));
  EXPECT_FALSE(web::constant_time_equal("abc", "abd"));
  EXPECT_FALSE(web::constant_time_equal("abc", "abcd"));
}

TEST(Catalogue, EveryLocaleHasEveryFrenchKey) {
  web::Catalogue catalogue;
  catalogue.load("locales");
  auto fr = catalogue.keys("fr");
  ASSERT_GT(fr.size(), 100u);
  EXPECT_TRUE(std::is_sorted(fr.begin(), fr.end()));  // kept hashed, listed in order
  for (const auto& locale : catalogue.locales())
    for (const auto& key : fr) EXPECT_TRUE(catalogue.has(locale, key)) << locale << " misses " << key;
  for (const auto& key : catalogue.keys("en")) EXPECT_TRUE(catalogue.has("fr", key)) << "fr misses " << key;
}

TEST(Catalogue, ReplacesParametersAndFallsBackToFrench) {
  web::Catalogue catalogue;
  catalogue.load("locales");
  EXPECT_EQ(catalogue.t("fr", "dashboard.greeting", {{"name", "Awa"}}), "Bonjour Awa.");
  EXPECT_EQ(catalogue.t("en", "dashboard.greeting", {{"name", "Awa"}}), "Hello Awa.");
  EXPECT_EQ(catalogue.t("de", "login.title"), "Connexion");
  EXPECT_EQ(catalogue.t("fr", "no.such.key"), "no.such.key");
}

TEST(Catalogue, EveryTemplateKeyExists) {
  // Every {{t.some.key}} used by a template must be in the French catalogue.
  web::Catalogue catalogue;
  catalogue.load("locales");
  for (const auto& entry : std::filesystem::recursive_directory_iterator("templates")) {
    if (entry.path().extension() != ".mustache") continue;
    std::ifstream in(entry.path());
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (std::size_t pos = text.find("{{t."); pos != std::string::npos; pos = text.find("{{t.", pos + 4)) {
      auto end = text.find("}}", pos);
      std::string key = text.substr(pos + 4, end - pos - 4);
      EXPECT_TRUE(catalogue.has("fr", key)) << entry.path() << " uses missing key " << key;
    }
  }
}

TEST(Views, EscapesHtmlAndRendersPartials) {
  web::Views views("templates", false);
  kainjow::mustache::data data{kainjow::mustache::data::type::object};
  data.set("heading", "<script>alert(1)</script>");
  data.set("message", "a & b");
  data.set("status", "404");
  std::string html = views.render("errors/error", data);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("a &amp; b"), std::string::npos);
}

// Translations written into the templates give the same page as looking them up at render time,
// in each locale, escaped the same way.
TEST(Views, TranslationsWrittenInTheTemplateMatchTheLookedUpOnes) {
  web::Catalogue catalogue;
  catalogue.load("locales");
  web::Views baked("templates", false, &catalogue);
  web::Views looked_up("templates", false);
  kainjow::mustache::data data{kainjow::mustache::data::type::object};
  data.set("heading", "Oups");
  data.set("message", "l'offre & la place");
  data.set("status", "404");
  for (const std::string locale : {"fr", "en"}) {
    const auto& strings = catalogue.mustache(locale);
    std::string html = baked.render("errors/error", data, {&strings}, locale);
    EXPECT_EQ(html, looked_up.render("errors/error", data, {&strings}));
    EXPECT_NE(html.find(kainjow::mustache::html_escape<std::string>(catalogue.t(locale, "errors.code"))),
              std::string::npos);
  }
  std::string fr = baked.render("errors/error", data, {&catalogue.mustache("fr")}, "fr");
  EXPECT_NE(fr.find("Revenir à l&apos;accueil"), std::string::npos) << fr;
  EXPECT_NE(fr.find("l&apos;offre &amp; la place"), std::string::npos) << fr;
  std::string en = baked.render("errors/error", data, {&catalogue.mustache("en")}, "en");
  EXPECT_NE(en.find("Back to the home page"), std::string::npos) << en;
}

TEST(Views, APartialIsFoundEvenWhenTheDataHasAKeyOfTheSameName) {
  web::Views views("templates", false);
  kainjow::mustache::data page{kainjow::mustache::data::type::object};
  kainjow::mustache::data pagination{kainjow::mustache::data::type::object};
  pagination.set("has_links", kainjow::mustache::data::type::bool_true);
  pagination.set("label", "Page 1 sur 3");
  pagination.set("next_url", "/admin/journal?page=2");
  page.set("pagination", pagination);
  std::string html = views.render("platform/audit/journal", page);
  EXPECT_NE(html.find("Page 1 sur 3"), std::string::npos) << html;
  EXPECT_NE(html.find("href=\"/admin/journal?page=2\" rel=\"next\""), std::string::npos) << html;
}

TEST(Permissions, DenyByDefaultAndScopeToOwnOrganisation) {
  web::CurrentUser coordinator;
  coordinator.memberships = {{7, "Département", "coordinator"}};
  EXPECT_TRUE(coordinator.can(web::perm::organisations_manage));
  EXPECT_TRUE(coordinator.can_in(web::perm::organisations_manage, 7));
  EXPECT_FALSE(coordinator.can_in(web::perm::organisations_manage, 8));
  EXPECT_FALSE(coordinator.can(web::perm::users_manage));
  EXPECT_FALSE(coordinator.can("no.such.permission"));

  web::CurrentUser admin;
  admin.memberships = {{1, "Département", "administrator"}};
  EXPECT_TRUE(admin.can_in(web::perm::organisations_manage, 8));
  EXPECT_TRUE(admin.can(web::perm::audit_read));

  web::CurrentUser nobody;
  EXPECT_FALSE(nobody.can(web::perm::organisations_view));
  for (const auto& role : web::all_roles()) EXPECT_TRUE(web::is_known_role(role));
  EXPECT_FALSE(web::is_known_role("superuser"));
}

// Thread counts follow the cores and the engine (the command line's --database counts).
TEST(Config, ThreadsAndConnectionsFollowTheCoresAndTheEngine) {
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  auto sqlite = web::Config::load("", "sqlite:var/x.db");
  EXPECT_EQ(sqlite.workers, static_cast<int>(std::max(2u, cores)));
  EXPECT_EQ(sqlite.io_threads, static_cast<int>(cores));
  EXPECT_EQ(sqlite.write_workers, static_cast<int>(std::clamp(8 * cores, 8u, 32u)));
  EXPECT_EQ(sqlite.db_pool, sqlite.workers + sqlite.write_workers + 2);
  auto pg = web::Config::load("", "postgresql://trame@127.0.0.1:5432/trame");
  EXPECT_EQ(pg.database, "postgresql://trame@127.0.0.1:5432/trame");
  EXPECT_EQ(pg.write_workers, static_cast<int>(std::max(8u, 4 * cores)));
  EXPECT_EQ(pg.db_pool, pg.workers + pg.write_workers + 2);
  // A command (not the server) opens a few connections, unless the pool was chosen.
  EXPECT_EQ(pg.for_command().db_pool, web::Config::kCommandDbPool);
  ::setenv("TRAME_DB_POOL", "7", 1);
  auto chosen = web::Config::load("", "postgresql://trame@127.0.0.1:5432/trame");
  ::unsetenv("TRAME_DB_POOL");
  EXPECT_EQ(chosen.db_pool, 7);
  EXPECT_EQ(chosen.for_command().db_pool, 7);
}

TEST(Config, CheckDeployRefusesInsecureSettings) {
  web::Config c;
  auto findings = web::check_deploy(c);
  int blocking = 0;
  for (const auto& f : findings) blocking += f.blocking;
  EXPECT_GE(blocking, 2);  // no HTTPS, default secret

  c.https = true;
  c.public_url = "https://trame.example.org";
  c.secret_key = std::string(40, 'k');
  c.smtp_url = "smtps://smtp.example.org:465";
  c.smtp_user = "trame";
  c.metrics_token = "token";
  c.database = "postgresql://trame@db/trame";
  for (const auto& f : web::check_deploy(c)) EXPECT_FALSE(f.blocking) << f.message;

  c.smtp_url = "smtp://smtp.example.org:25";
  bool refused = false;
  for (const auto& f : web::check_deploy(c)) refused = refused || f.blocking;
  EXPECT_TRUE(refused);
}

TEST(StaticFiles, ServesKnownFilesOnlyWithEtag) {
  http::StaticFiles files("static");
  http::Request req;
  auto res = files.serve(req, "css/trame.css");
  EXPECT_EQ(res.status, 200);
  EXPECT_FALSE(res.header("ETag").empty());
  EXPECT_EQ(files.serve(req, "../CMakeLists.txt").status, 404);
  req.headers["if-none-match"] = res.header("ETag");
  EXPECT_EQ(files.serve(req, "css/trame.css").status, 304);
}

#include "platform/core/text.hpp"

TEST(Text, FoldsAccentsCaseAndPunctuation) {
  EXPECT_EQ(trame::fold_for_search("Théâtre Quartier-Libre"), "theatre quartier libre");
  EXPECT_EQ(trame::fold_for_search("Cultures du Cœur 94"), "cultures du coeur 94");
  EXPECT_EQ(trame::fold_for_search("  L’Écluse  "), "l ecluse");
}

TEST(Text, ChecksEmailsAndSirets) {
  EXPECT_TRUE(trame::plausible_email("referente@culturesducoeur94.local"));
  EXPECT_FALSE(trame::plausible_email("pas-une-adresse"));
  EXPECT_FALSE(trame::plausible_email("a@b@c.fr"));
  EXPECT_FALSE(trame::plausible_email("a b@c.fr"));
  EXPECT_FALSE(trame::plausible_email("<a@c.fr>"));
  EXPECT_TRUE(trame::plausible_web_address("https://visio.example/cafe?x=1"));
  EXPECT_FALSE(trame::plausible_web_address("https://"));
  EXPECT_FALSE(trame::plausible_web_address("javascript:alert(1)"));
  EXPECT_FALSE(trame::plausible_web_address("https://a b"));
  EXPECT_FALSE(trame::plausible_web_address("https://a\tb"));
  EXPECT_FALSE(trame::plausible_web_address("https://x\"onmouseover=1"));
  EXPECT_TRUE(trame::valid_siret("88926967600033"));  // Sagiterre
  EXPECT_FALSE(trame::valid_siret("88926967600034"));
  EXPECT_FALSE(trame::valid_siret("8892696760003"));
}

// The kept text ('' when none): PageCache shares it rather than copying it.
static std::string text_or_empty(const std::shared_ptr<const std::string>& kept) {
  return kept ? *kept : std::string();
}

TEST(PageCache, KeepsAViewForItsTimeToLiveAndGenerationOnly) {
  web::PageCache cache(2, 2);
  EXPECT_FALSE(cache.get("a", 1, 100));
  cache.put("a", 1, 100, "<p>a</p>");
  EXPECT_EQ(text_or_empty(cache.get("a", 1, 101)), "<p>a</p>");
  EXPECT_FALSE(cache.get("a", 1, 102));  // too old
  EXPECT_FALSE(cache.get("a", 2, 101));  // the service changed something
  EXPECT_FALSE(cache.get("a", 1, 99));   // a clock that went back
  cache.put("b", 1, 100, "b");
  cache.put("c", 1, 100, "c");  // full: starts again
  EXPECT_FALSE(cache.get("a", 1, 100));
  EXPECT_EQ(text_or_empty(cache.get("c", 1, 100)), "c");
}

// A view kept until a known instant (the catalogue: until a slot opens, closes or starts) and while the
// data version read from the database is the same.
TEST(PageCache, KeepsAViewUntilItsInstantAndVersionOnly) {
  web::PageCache cache(1);
  cache.put_until("a", 7, 100, 160, "<p>a</p>");
  EXPECT_EQ(text_or_empty(cache.get("a", 7, 100)), "<p>a</p>");
  EXPECT_EQ(text_or_empty(cache.get("a", 7, 159)), "<p>a</p>");
  EXPECT_FALSE(cache.get("a", 7, 160));  // the instant the view changes
  EXPECT_FALSE(cache.get("a", 8, 120));  // another instance wrote
  EXPECT_FALSE(cache.get("a", 7, 99));   // a clock that went back
}

// URL encoding goes through Boost.URL: unreserved characters kept, `keep` kept, every other byte %XX.
TEST(UrlEncode, KeepsUnreservedAndAskedCharactersOnly) {
  EXPECT_EQ(web::url_encode("Théâtre & co/2"), "Th%C3%A9%C3%A2tre%20%26%20co%2F2");
  EXPECT_EQ(web::url_encode("/sorties/1?x=y", "/"), "/sorties/1%3Fx%3Dy");
  EXPECT_EQ(web::url_encode("a-b_c.d~e"), "a-b_c.d~e");
  EXPECT_EQ(web::url_encode(std::string("\r\n\0", 3)), "%0D%0A%00");
}

// One mapping from an outcome's code to an HTTP status.
TEST(StatusOf, EachCodeHasOneStatus) {
  EXPECT_EQ(web::status_of(Outcome::success()), 200);
  EXPECT_EQ(web::status_of(Outcome::not_found()), 404);
  EXPECT_EQ(web::status_of(Outcome::failure("errors.404.message")), 404);
  EXPECT_EQ(web::status_of(Outcome::forbidden()), 403);
  EXPECT_EQ(web::status_of(Outcome::failure("bookings.errors.name", "name")), 422);
  EXPECT_EQ(web::status_of(Outcome::conflict("bookings.errors.full")), 409);
  EXPECT_EQ(web::status_of(Outcome::unavailable("mail.errors.down")), 503);
}

TEST(Catalogue, MergesAModulesOwnFilesAndRefusesAKeyDefinedTwice) {
  auto dir = std::filesystem::temp_directory_path() / ("trame-parts-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "fr");
  {
    std::ofstream(dir / "fr.toml") << "[a]\nx = \"un\"\n[a.sub]\ny = \"deux\"\n";
    std::ofstream(dir / "fr" / "module.toml") << "[a.sub]\nz = \"trois\"\n[b]\nw = \"quatre\"\n";
  }
  web::Catalogue catalogue;
  catalogue.load(dir);
  EXPECT_EQ(catalogue.t("fr", "a.x"), "un");
  EXPECT_EQ(catalogue.t("fr", "a.sub.y"), "deux");
  EXPECT_EQ(catalogue.t("fr", "a.sub.z"), "trois");
  EXPECT_EQ(catalogue.t("fr", "b.w"), "quatre");
  std::ofstream(dir / "fr" / "other.toml") << "[a.sub]\ny = \"encore\"\n";
  try {
    catalogue.load(dir);
    ADD_FAILURE() << "a key defined twice was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("a.sub.y"), std::string::npos) << e.what();
  }
  std::filesystem::remove_all(dir);
}

TEST(Catalogue, ChoosesPluralBranchesByTheLocalesRule) {
  auto dir = std::filesystem::temp_directory_path() / ("trame-plural-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    std::ofstream fr(dir / "fr.toml");
    fr << "[p]\nplaces = \"{n, plural, =0 {aucune place} one {# place restante} other {# places restantes}} sur "
          "{capacity}\"\nsessions = \"{count, plural, one {# autre session fermée} other {# autres sessions "
          "fermées}}.\"\n"
          "broken = \"{n, plural, one {# place\"\nplain = \"{n} et {m, select, a {x}}\"\n";
    std::ofstream en(dir / "en.toml");
    en << "[p]\nplaces = \"{n, plural, one {# place left} other {# places left}} of {capacity}\"\n";
  }
  web::Catalogue catalogue;
  catalogue.load(dir);
  EXPECT_EQ(catalogue.t("fr", "p.places", {{"n", "0"}, {"capacity", "12"}}), "aucune place sur 12");
  EXPECT_EQ(catalogue.t("fr", "p.places", {{"n", "1"}, {"capacity", "12"}}), "1 place restante sur 12");
  EXPECT_EQ(catalogue.t("fr", "p.places", {{"n", "9"}, {"capacity", "12"}}), "9 places restantes sur 12");
  EXPECT_EQ(catalogue.t("fr", "p.places", {{"n", "1\u00a0200"}, {"capacity", "2\u00a0000"}}),
            "1\u00a0200 places restantes sur 2\u00a0000");
  EXPECT_EQ(catalogue.t("fr", "p.sessions", {{"count", "1,5"}}),
            "1,5 autre session fermée.");  // CLDR: 1,5 is "one" in French
  EXPECT_EQ(catalogue.t("en", "p.places", {{"n", "0"}, {"capacity", "3"}}), "0 places left of 3");
  EXPECT_EQ(catalogue.t("en", "p.places", {{"n", "1"}, {"capacity", "3"}}), "1 place left of 3");
  EXPECT_EQ(catalogue.t("fr", "p.broken", {{"n", "2"}}), "{n, plural, one {# place");  // malformed: left as it is
  EXPECT_EQ(catalogue.t("fr", "p.plain", {{"n", "2"}}), "2 et {m, select, a {x}}");
  std::filesystem::remove_all(dir);
}

TEST(Catalogue, EveryPluralHasAnOtherBranchAndNoStringWritesSuffixPlurals) {
  web::Catalogue catalogue;
  catalogue.load("locales");
  for (const auto& locale : catalogue.locales()) {
    for (const auto& key : catalogue.keys(locale)) {
      auto text = catalogue.t(locale, key);
      if (text.find("plural,") != std::string::npos) {
        EXPECT_NE(text.find("other {"), std::string::npos) << locale << " " << key << " has no other branch";
      }
      EXPECT_EQ(text.find("(s)"), std::string::npos) << locale << " " << key << " writes a plural as (s): " << text;
      EXPECT_EQ(text.find("(x)"), std::string::npos) << locale << " " << key << " writes a plural as (x): " << text;
    }
  }
}
