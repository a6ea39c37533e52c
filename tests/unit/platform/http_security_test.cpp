// The HTTP layer's guarantees against response splitting, open redirects, forged log lines,
// unbounded metric labels and spoofed client addresses (issue 12).
#include <gtest/gtest.h>

#include "platform/http/client_address.hpp"
#include "platform/http/form.hpp"
#include "platform/http/location.hpp"
#include "platform/http/message.hpp"
#include "platform/web/metrics.hpp"

using namespace trame;

TEST(SameSiteLocation, KeepsLocalPathsAndQueries) {
  EXPECT_EQ(http::same_site_location("/sorties/12"), "/sorties/12");
  EXPECT_EQ(http::same_site_location("/annuaire?q=th%C3%A9%C3%A2tre&page=2"), "/annuaire?q=th%C3%A9%C3%A2tre&page=2");
  EXPECT_EQ(http::same_site_location("/connexion?suivant=%2Fsorties%2F3"), "/connexion?suivant=%2Fsorties%2F3");
  EXPECT_EQ(http::same_site_location("/"), "/");
}

TEST(SameSiteLocation, ReencodesWhatAUrlMayNotCarryRaw) {
  EXPECT_EQ(http::same_site_location("/annuaire?q=a b"), "/annuaire?q=a%20b");
  EXPECT_EQ(http::same_site_location("/territoires/communes/Saint-Étienne"),
            "/territoires/communes/Saint-%C3%89tienne");
  EXPECT_EQ(http::same_site_location("/a\"b<c>"), "/a%22b%3Cc%3E");
  EXPECT_EQ(http::same_site_location("/100%"), "/100%25");
}

TEST(SameSiteLocation, RefusesOtherOriginsAndSplitting) {
  for (const char* bad :
       {"", "https://evil.example/", "//evil.example", "/\\evil.example", "\\\\evil.example", "/%09/evil.example",
        "/\t/evil.example", "/%2F/evil.example", "/%5Cevil.example", "/x\r\nSet-Cookie: trame_session=X",
        "/x%0d%0aSet-Cookie:%20trame_session=X", "/x%250d%250aSet-Cookie", "/%2509/evil.example", "/a b", "/a\\b",
        "javascript:alert(1)", "evil.example", "/x%00", "/ok?x=%0a"})
    EXPECT_EQ(http::same_site_location(bad), "/") << bad;
  EXPECT_EQ(http::same_site_location("//evil.example", "/tableau-de-bord"), "/tableau-de-bord");
  EXPECT_EQ(http::same_site_location("//evil.example", "//also-evil"), "/");
}

TEST(SameSiteLocation, RedirectResponsesAlwaysGoThroughIt) {
  EXPECT_EQ(http::Response::redirect("/%09/evil.example").header("Location"), "/");
  EXPECT_EQ(http::Response::redirect("/x\r\nSet-Cookie: a=b").header("Location"), "/");
  EXPECT_EQ(http::Response::redirect("/sorties?q=a b").header("Location"), "/sorties?q=a%20b");
}

TEST(SendableHeader, RefusesControlCharactersAndBadNames) {
  EXPECT_TRUE(http::is_sendable_header("Location", "/sorties"));
  EXPECT_TRUE(http::is_sendable_header("Content-Disposition", "attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf"));
  EXPECT_TRUE(http::is_sendable_header("X-Test", "a\tb"));
  EXPECT_FALSE(http::is_sendable_header("Location", "/x\r\nSet-Cookie: a=b"));
  EXPECT_FALSE(http::is_sendable_header("Location", "/x\nSet-Cookie: a=b"));
  EXPECT_FALSE(http::is_sendable_header("Location", std::string("/x\0y", 4)));
  EXPECT_FALSE(http::is_sendable_header("X-Test", "a\x7f"));
  EXPECT_FALSE(http::is_sendable_header("Bad Name", "v"));
  EXPECT_FALSE(http::is_sendable_header("Bad:Name", "v"));
  EXPECT_FALSE(http::is_sendable_header("", "v"));
}

TEST(LogEscape, NoForgedLinesAndTokensStayOut) {
  EXPECT_EQ(http::log_escape("/a\nFAKE 200"), "/a\\x0aFAKE 200");
  EXPECT_EQ(http::log_escape("/a\r\\b"), "/a\\x0d\\x5cb");
  EXPECT_EQ(http::log_escape("/théâtre"), "/théâtre");
  EXPECT_EQ(http::log_escape("/\xff"), "/\\xff");
  EXPECT_EQ(http::log_escape(std::string(300, 'a'), 10), std::string(10, 'a') + "…");
  http::Request req;
  req.path = "/reinitialisation/SECRETTOKEN";
  req.route = "/reinitialisation/{token}";
  EXPECT_EQ(req.log_target(), "/reinitialisation/{token}");
  req.route.clear();
  req.path = "/nope\n2026-01-01 [info] forged";
  EXPECT_EQ(req.log_target().find('\n'), std::string::npos);
}

TEST(Metrics, InventedMethodsShareOneLabel) {
  web::Metrics metrics;
  for (int i = 0; i < 500; ++i) metrics.record("(none)", "M" + std::string(100, 'X') + std::to_string(i), 405, 0.001);
  metrics.record("/sorties", "GET", 200, 0.001);
  std::string text = metrics.prometheus({});
  EXPECT_EQ(text.find("XXXX"), std::string::npos);
  EXPECT_NE(text.find("method=\"OTHER\",status=\"405\"} 500"), std::string::npos);
  EXPECT_LT(text.size(), 4000u);
}

TEST(FormControlCharacters, NulAndOtherControlsAreRefusedTabsAndNewlinesKept) {
  EXPECT_TRUE(http::has_control_characters(std::string("Jean\0ne", 7)));
  EXPECT_TRUE(http::has_control_characters("a\x1b[31m"));
  EXPECT_TRUE(http::has_control_characters("a\x7f"));
  EXPECT_FALSE(http::has_control_characters("ligne 1\r\nligne 2\tfin"));
  EXPECT_FALSE(http::has_control_characters("Théâtre Quartier Libre"));
}

TEST(TrustedProxies, OnlyTrustedProxiesNameTheClient) {
  http::TrustedProxies none({});
  EXPECT_EQ(none.client("203.0.113.5", "for=198.51.100.1", "198.51.100.1"), "203.0.113.5");

  http::TrustedProxies proxies({"127.0.0.1", "10.0.0.0/8", "2001:db8::/32"});
  // From the proxy: the client it names.
  EXPECT_EQ(proxies.client("127.0.0.1", "", "198.51.100.7"), "198.51.100.7");
  EXPECT_EQ(proxies.client("127.0.0.1", "for=198.51.100.7;proto=https", ""), "198.51.100.7");
  EXPECT_EQ(proxies.client("127.0.0.1", "for=\"[2001:db9::1]:4711\"", ""), "2001:db9::1");
  EXPECT_EQ(proxies.client("::ffff:127.0.0.1", "", "198.51.100.7"), "198.51.100.7");
  // A client that sends its own X-Forwarded-For: the proxy appends the real address, which wins.
  EXPECT_EQ(proxies.client("127.0.0.1", "", "1.2.3.4, 198.51.100.7"), "198.51.100.7");
  // Through two trusted proxies.
  EXPECT_EQ(proxies.client("127.0.0.1", "", "198.51.100.7, 10.1.2.3"), "198.51.100.7");
  // Forwarded wins over X-Forwarded-For.
  EXPECT_EQ(proxies.client("127.0.0.1", "for=198.51.100.8", "198.51.100.7"), "198.51.100.8");
  // Not from a proxy: its headers are ignored.
  EXPECT_EQ(proxies.client("203.0.113.5", "for=127.0.0.1", "127.0.0.1"), "203.0.113.5");
  // Unreadable hop: the last trusted address stays.
  EXPECT_EQ(proxies.client("127.0.0.1", "", "garbage"), "127.0.0.1");
  EXPECT_EQ(proxies.client("127.0.0.1", "", ""), "127.0.0.1");
  EXPECT_TRUE(proxies.contains("10.200.0.1"));
  EXPECT_FALSE(proxies.contains("11.0.0.1"));
  EXPECT_THROW(http::TrustedProxies({"not-an-ip"}), std::invalid_argument);
  EXPECT_THROW(http::TrustedProxies({"10.0.0.0/33"}), std::invalid_argument);
}
