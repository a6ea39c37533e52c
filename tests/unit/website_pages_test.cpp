// The pages' pure rules (src/website/pages/rules.hpp): the slug maker and the line diff of the revisions.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "platform/audit/service.hpp"
#include "platform/web/i18n.hpp"
#include "platform/temp_database.hpp"
#include "website/pages/rules.hpp"
#include "website/pages/service.hpp"

namespace trame::website::pages {

namespace {

using Kind = DiffLine::Kind;

// The diff as "=a", "-b", "+c" lines.
std::vector<std::string> shown(const std::vector<DiffLine>& diff) {
  std::vector<std::string> out;
  for (const auto& l : diff) out.push_back((l.kind == Kind::same ? "=" : l.kind == Kind::added ? "+" : "-") + l.text);
  return out;
}

}  // namespace

TEST(WebsitePagesSlug, SpellsOutFrenchAccentsAndJoinsWordsWithOneDash) {
  EXPECT_EQ(slugify("Contexte de la formation"), "contexte-de-la-formation");
  EXPECT_EQ(slugify("Édito"), "edito");
  EXPECT_EQ(slugify("  L’œuvre « casser » les représentations !  "), "l-oeuvre-casser-les-representations");
  EXPECT_EQ(slugify("Ça, c'est Noël à Saint-Nazaire"), "ca-c-est-noel-a-saint-nazaire");
  EXPECT_EQ(slugify("2023 -- 2024"), "2023-2024");
  EXPECT_EQ(slugify("Straße"), "strasse");
}

TEST(WebsitePagesSlug, EmptyForSymbolsAndCutAtAWordWhenLong) {
  EXPECT_EQ(slugify("!!! ??? «»"), "");
  EXPECT_EQ(slugify(""), "");
  std::string title;
  for (int i = 0; i < 30; ++i) title += "mot" + std::to_string(i) + " ";
  std::string slug = slugify(title);
  EXPECT_LE(slug.size(), kMaxSlug);
  EXPECT_TRUE(valid_slug(slug));
  EXPECT_NE(slug.back(), '-');
  EXPECT_EQ(slug.substr(0, 10), "mot0-mot1-");
}

TEST(WebsitePagesSlug, InvalidUtf8BecomesASeparator) {
  EXPECT_EQ(slugify(std::string("abc\xff\xfe"
                                "def")),
            "abc-def");
  EXPECT_EQ(slugify(std::string("\xc3")), "");
}

TEST(WebsitePagesSlug, ValidSlugs) {
  EXPECT_TRUE(valid_slug("edito"));
  EXPECT_TRUE(valid_slug("contexte-de-la-formation-2023"));
  EXPECT_FALSE(valid_slug(""));
  EXPECT_FALSE(valid_slug("-edito"));
  EXPECT_FALSE(valid_slug("edito-"));
  EXPECT_FALSE(valid_slug("ed--ito"));
  EXPECT_FALSE(valid_slug("Edito"));
  EXPECT_FALSE(valid_slug("édito"));
  EXPECT_FALSE(valid_slug("a/b"));
  EXPECT_FALSE(valid_slug(std::string(kMaxSlug + 1, 'a')));
  EXPECT_TRUE(valid_slug(std::string(kMaxSlug, 'a')));
}

TEST(WebsitePagesSlug, CountsCharactersNotBytes) {
  EXPECT_EQ(characters("été"), 3U);
  EXPECT_EQ(characters("œuvre « x »"), 11U);
  EXPECT_EQ(characters(""), 0U);
}

TEST(WebsitePagesDiff, SameTextsAreAllKept) {
  EXPECT_EQ(shown(line_diff("a\nb\nc", "a\nb\nc")), (std::vector<std::string>{"=a", "=b", "=c"}));
  EXPECT_TRUE(line_diff("", "").empty());
}

TEST(WebsitePagesDiff, OneLineChangedIsARemovalThenAnAddition) {
  EXPECT_EQ(shown(line_diff("a\nb\nc", "a\nB\nc")), (std::vector<std::string>{"=a", "-b", "+B", "=c"}));
}

TEST(WebsitePagesDiff, InsertionsAndDeletionsKeepTheLongestCommonLines) {
  EXPECT_EQ(shown(line_diff("a\nb\nc\nd", "a\nc\nd\ne")), (std::vector<std::string>{"=a", "-b", "=c", "=d", "+e"}));
  EXPECT_EQ(shown(line_diff("", "x\ny")), (std::vector<std::string>{"+x", "+y"}));
  EXPECT_EQ(shown(line_diff("x\ny", "")), (std::vector<std::string>{"-x", "-y"}));
  // The classic example (Myers 1986): ABCABBA → CBABAC, 5 edits, 4 lines kept.
  auto diff = line_diff("A\nB\nC\nA\nB\nB\nA", "C\nB\nA\nB\nA\nC");
  int kept = 0, edits = 0;
  for (const auto& l : diff) (l.kind == Kind::same ? kept : edits)++;
  EXPECT_EQ(kept, 4);
  EXPECT_EQ(edits, 5);
}

TEST(WebsitePagesDiff, NewlinesAtTheEndAndCarriageReturnsDoNotCount) {
  EXPECT_EQ(shown(line_diff("a\r\nb\r\n", "a\nb")), (std::vector<std::string>{"=a", "=b"}));
  EXPECT_EQ(shown(line_diff("a\n\nb", "a\nb")), (std::vector<std::string>{"=a", "-", "=b"}));
}

TEST(WebsitePagesDiff, ReplayingTheDiffGivesBothTexts) {
  std::string before = "titre\n\npremier paragraphe\ndeuxième\n\nfin";
  std::string after = "titre\n\nun nouveau paragraphe\npremier paragraphe\n\nfin\nsignature";
  std::string old_text, new_text;
  for (const auto& l : line_diff(before, after)) {
    if (l.kind != Kind::added) old_text += l.text + "\n";
    if (l.kind != Kind::removed) new_text += l.text + "\n";
  }
  EXPECT_EQ(old_text, before + "\n");
  EXPECT_EQ(new_text, after + "\n");
}

TEST(WebsitePagesDiff, AHugeChangeFallsBackToRemovedThenAdded) {
  std::string before, after;
  for (int i = 0; i < 2100; ++i) {
    before += "old " + std::to_string(i) + "\n";
    after += "new " + std::to_string(i) + "\n";
  }
  before = "same\n" + before + "end";
  after = "same\n" + after + "end";
  auto diff = line_diff(before, after);
  ASSERT_EQ(diff.size(), 2U + 2100U * 2U);
  EXPECT_EQ(diff.front().kind, Kind::same);
  EXPECT_EQ(diff[1].kind, Kind::removed);
  EXPECT_EQ(diff[2101].kind, Kind::added);
  EXPECT_EQ(diff.back().kind, Kind::same);
}

// ---- The importer's entry point, on a real (SQLite) database

class WebsitePagesImport : public unit::TempSqlite {
 protected:
  void SetUp() override {
    unit::TempSqlite::SetUp();
    catalogue_.load("locales");
    audit_ = std::make_unique<audit::Service>(*db_, web::SecretKeys("unit-test-secret-key-0123456789abcdef"));
    service_ = std::make_unique<Service>(*db_, *audit_, catalogue_);
    service_->on_changed([this] { ++changes_; });
  }
  void TearDown() override {
    service_.reset();
    audit_.reset();
    unit::TempSqlite::TearDown();
  }
  PageImport edito() const {
    PageImport p;
    p.slug = "edito";
    p.title = "Edito";
    p.text = "##### Le Département\n\nUn paragraphe.";
    p.show_quotes = true;
    p.source = "001_edito.txt";
    return p;
  }
  web::Catalogue catalogue_;
  std::unique_ptr<audit::Service> audit_;
  std::unique_ptr<Service> service_;
  int changes_ = 0;
  Actor system_{0, "système", ""};
};

TEST_F(WebsitePagesImport, CreatesThenLeavesUnchangedThenUpdatesWithARevision) {
  auto first = service_->import_page(edito(), system_);
  ASSERT_EQ(first.result, ImportOutcome::Result::created) << first.message;
  EXPECT_NE(first.message.find("001_edito.txt"), std::string::npos);
  auto page = service_->find(first.page_id);
  ASSERT_TRUE(page);
  EXPECT_TRUE(page->published);
  EXPECT_TRUE(page->show_quotes);
  EXPECT_EQ(page->source, "001_edito.txt");
  EXPECT_EQ(service_->menu().size(), 1U);

  auto again = service_->import_page(edito(), system_);
  EXPECT_EQ(again.result, ImportOutcome::Result::unchanged);
  EXPECT_EQ(again.page_id, first.page_id);
  EXPECT_EQ(service_->revisions(first.page_id, 1).total, 0);

  auto changed = edito();
  changed.text += "\n\nUne ligne de plus.";
  auto updated = service_->import_page(changed, system_);
  EXPECT_EQ(updated.result, ImportOutcome::Result::updated);
  EXPECT_EQ(updated.page_id, first.page_id);
  auto revisions = service_->revisions(first.page_id, 1);
  ASSERT_EQ(revisions.total, 1);
  EXPECT_EQ(revisions.items[0].text, edito().text);
  EXPECT_EQ(service_->find(first.page_id)->text, changed.text);
  EXPECT_EQ(changes_, 2);
}

TEST_F(WebsitePagesImport, ACoverThatIsNotAnImageRefusesThePageAndNamesTheCover) {
  auto p = edito();
  p.slug = "contexte";
  p.cover_bytes = "<svg onload=\"alert(1)\"/>";
  p.cover_name = "capture.png";
  auto out = service_->import_page(p, system_);
  EXPECT_EQ(out.result, ImportOutcome::Result::refused);
  EXPECT_NE(out.message.find("capture.png"), std::string::npos) << out.message;
  EXPECT_NE(out.message.find("001_edito.txt"), std::string::npos) << out.message;
  EXPECT_FALSE(service_->view("contexte", true));
  EXPECT_EQ(changes_, 0);
}

TEST_F(WebsitePagesImport, APageWithShowQuotesShowsWhatTheQuotesHookGivesForItsSlug) {
  std::vector<std::string> asked;
  service_->set_quotes([&asked](const std::string& slug) {
    asked.push_back(slug);
    return std::vector<QuoteView>{{"On a osé pousser la porte du théâtre.", "Une stagiaire", "Pays d'Ancenis"}};
  });
  ASSERT_TRUE(service_->import_page(edito(), system_).ok());
  auto quiet = edito();
  quiet.slug = "sans-paroles";
  quiet.show_quotes = false;
  ASSERT_TRUE(service_->import_page(quiet, system_).ok());
  auto shown = service_->view("edito", false);
  ASSERT_TRUE(shown);
  ASSERT_EQ(shown->quotes.size(), 1U);
  EXPECT_EQ(shown->quotes[0].author, "Une stagiaire");
  EXPECT_NE(shown->html.find("<h5>"), std::string::npos);
  EXPECT_TRUE(service_->view("sans-paroles", false)->quotes.empty());
  EXPECT_EQ(service_->published().size(), 2U);
  EXPECT_EQ(asked, std::vector<std::string>{"edito"});
}

TEST_F(WebsitePagesImport, ABadSlugIsRefused) {
  auto p = edito();
  p.slug = "Mauvaise adresse";
  EXPECT_EQ(service_->import_page(p, system_).result, ImportOutcome::Result::refused);
  EXPECT_TRUE(service_->outline().empty());
}

}  // namespace trame::website::pages
