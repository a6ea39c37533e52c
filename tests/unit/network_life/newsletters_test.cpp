// Newsletters' pure rules (src/network_life/newsletters/model.hpp): segments, recipients deduplicated
// by e-mail with unsubscribed people excluded, the plain-text version of the markdown's HTML, the shape
// of an unsubscribe token, the links a notice may carry.
#include <gtest/gtest.h>

#include "network_life/newsletters/model.hpp"
#include "network_life/newsletters/service.hpp"

namespace trame::newsletters {

TEST(NewslettersSegments, KnownOnesInCanonicalOrderEachOnce) {
  EXPECT_EQ(parse_segments("partners, referents,partners,bogus"), (std::vector<std::string>{"referents", "partners"}));
  EXPECT_TRUE(parse_segments("").empty());
  EXPECT_EQ(join_segments({"volunteers", "members", "delegation"}), "delegation,members,volunteers");
  EXPECT_TRUE(known_segment("members"));
  EXPECT_FALSE(known_segment("everyone"));
}

TEST(NewslettersRecipients, DeduplicatedByEmailAndUnsubscribedExcluded) {
  std::vector<Recipient> all = {{"Referente@Exemple.fr ", 1},
                                {"referente@exemple.fr", 2},
                                {"partenaire@exemple.fr", 3},
                                {"parti@exemple.fr", 4},
                                {"", 5},
                                {"pas-une-adresse", 6}};
  auto out = deduplicate(all, {"parti@exemple.fr"});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].email, "referente@exemple.fr");
  EXPECT_EQ(out[0].user_id, 1);
  EXPECT_EQ(out[1].email, "partenaire@exemple.fr");
  EXPECT_EQ(normalise_email("  A@B.FR "), "a@b.fr");
}

TEST(NewslettersText, MarkdownAsReadablePlainText) {
  std::string text = Service::text_of(
      "## Cafés découvertes\n\nVenez **nombreux** : [programme](https://exemple.org/p?a=1&b=2).\n\n- NUM&ART\n- "
      "Horizon\n\n<script>alert(1)</script>");
  EXPECT_NE(text.find("Cafés découvertes\n\nVenez nombreux : programme (https://exemple.org/p?a=1&b=2)."),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("- NUM&ART\n- Horizon"), std::string::npos) << text;
  EXPECT_EQ(text.find("<script>"), std::string::npos);
  EXPECT_EQ(text.find("alert(1)"), std::string::npos) << text;
  EXPECT_EQ(html_to_text("<p>a &lt;b&gt; &amp; &quot;c&quot;</p>"), "a <b> & \"c\"");
}

TEST(NewslettersHtml, SafeModeDropsRawHtmlAndDangerousLinks) {
  std::string html = Service::html_of("<img src=x onerror=alert(1)> [x](javascript:alert(1))");
  EXPECT_EQ(html.find("onerror"), std::string::npos) << html;
  EXPECT_EQ(html.find("javascript:"), std::string::npos) << html;
}

TEST(NewslettersLinks, PathsOfTheSiteBecomeAbsoluteInTheMail) {
  EXPECT_EQ(absolute_links("<a href=\"/evenements\">x</a> <a href=\"//h/\">y</a> <a href=\"https://a/\">z</a>",
                           "https://trame.example"),
            "<a href=\"https://trame.example/evenements\">x</a> <a href=\"//h/\">y</a> <a href=\"https://a/\">z</a>");
}

TEST(NewslettersToken, OnlyTheIssuedShape) {
  EXPECT_TRUE(token_shape_ok("abcdefghijklmnopqrstuvwxyz012-_A"));
  EXPECT_FALSE(token_shape_ok("abcdefghijklmnopqrstuvwxyz012-_"));
  EXPECT_FALSE(token_shape_ok("abcdefghijklmnopqrstuvwxyz012-_AB"));
  EXPECT_FALSE(token_shape_ok("abcdefghijklmnopqrstuvwxyz012-_/"));
  EXPECT_FALSE(token_shape_ok(""));
}

TEST(NewslettersLinks, WebAddressesOrPathsOfTheSite) {
  EXPECT_TRUE(link_ok(""));
  EXPECT_TRUE(link_ok("/evenements"));
  EXPECT_TRUE(link_ok("https://culturesducoeur.org/94"));
  EXPECT_FALSE(link_ok("//evil.example/"));
  EXPECT_FALSE(link_ok("javascript:alert(1)"));
  EXPECT_FALSE(link_ok("https://"));
  EXPECT_FALSE(link_ok("/a b"));
}

}  // namespace trame::newsletters
