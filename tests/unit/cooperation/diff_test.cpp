// The diagnosis' difference between two revisions (src/cooperation/diagnosis/diff.hpp): exact (both
// texts can be rebuilt from it), readable (a corrected word shows alone, an untouched line stays
// whole) and rendered accessibly (escaped text, <ins>/<del> with hidden labels).
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "cooperation/diagnosis/diff.hpp"
#include "cooperation/diagnosis/service.hpp"

using namespace trame::diagnosis;
using Kind = DiffPiece::Kind;

namespace trame::diagnosis {
void PrintTo(const DiffPiece& p, std::ostream* os) {
  *os << (p.kind == DiffPiece::Kind::same    ? "same"
          : p.kind == DiffPiece::Kind::added ? "added"
                                             : "removed")
      << "(\"" << p.text.substr(0, 200) << "\")";
}
}  // namespace trame::diagnosis

namespace {

std::string side(const std::vector<DiffPiece>& pieces, Kind keep) {
  std::string out;
  for (const auto& p : pieces)
    if (p.kind == Kind::same || p.kind == keep) out += p.text;
  return out;
}

// The invariants every diff keeps, whatever the texts.
void expect_exact(const std::string& before, const std::string& after) {
  auto pieces = diff_text(before, after);
  EXPECT_EQ(side(pieces, Kind::removed), before);
  EXPECT_EQ(side(pieces, Kind::added), after);
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    EXPECT_FALSE(pieces[i].text.empty());
    if (i == 0) continue;
    EXPECT_NE(pieces[i].kind, pieces[i - 1].kind) << "neighbours share a kind at " << i;
    // Within a change, what was removed comes first.
    EXPECT_FALSE(pieces[i - 1].kind == Kind::added && pieces[i].kind == Kind::removed) << "at " << i;
  }
  EXPECT_EQ(diff_empty(pieces), before == after);
}

DiffPiece same(std::string t) {
  return DiffPiece{Kind::same, std::move(t)};
}
DiffPiece removed(std::string t) {
  return DiffPiece{Kind::removed, std::move(t)};
}
DiffPiece added(std::string t) {
  return DiffPiece{Kind::added, std::move(t)};
}

}  // namespace

TEST(DiagnosisDiff, IdenticalTextsHaveNoChange) {
  auto pieces = diff_text("Le Pays d'Ancenis\net la Loire\n", "Le Pays d'Ancenis\net la Loire\n");
  EXPECT_EQ(pieces, (std::vector<DiffPiece>{same("Le Pays d'Ancenis\net la Loire\n")}));
  EXPECT_TRUE(diff_empty(pieces));
  EXPECT_TRUE(diff_text("", "").empty());
}

TEST(DiagnosisDiff, FromOrToTheEmptyText) {
  EXPECT_EQ(diff_text("", "Premier texte.\n"), (std::vector<DiffPiece>{added("Premier texte.\n")}));
  EXPECT_EQ(diff_text("Tout retirer", ""), (std::vector<DiffPiece>{removed("Tout retirer")}));
}

TEST(DiagnosisDiff, ACorrectedWordShowsAlone) {
  EXPECT_EQ(diff_text("Le chat dort au soleil.", "Le chien dort au soleil."),
            (std::vector<DiffPiece>{same("Le "), removed("chat"), added("chien"), same(" dort au soleil.")}));
}

TEST(DiagnosisDiff, UntouchedLinesStayWhole) {
  std::string before = "- Théâtre Quartier Libre\n- Espace culturel Paul Guimard\n- Le Préambule\n";
  std::string after = "- Théâtre Quartier Libre\n- Espace culturel Paul Guimard, à Ancenis\n- Le Préambule\n";
  EXPECT_EQ(diff_text(before, after),
            (std::vector<DiffPiece>{same("- Théâtre Quartier Libre\n- Espace culturel Paul "), removed("Guimard"),
                                    added("Guimard, à Ancenis"), same("\n- Le Préambule\n")}));
}

TEST(DiagnosisDiff, LinesAddedAndRemovedWhole) {
  EXPECT_EQ(diff_text("a\nb\n", "a\nb\nc\n"), (std::vector<DiffPiece>{same("a\nb\n"), added("c\n")}));
  EXPECT_EQ(diff_text("a\nb\nc\n", "a\nc\n"), (std::vector<DiffPiece>{same("a\n"), removed("b\n"), same("c\n")}));
  // A paragraph inserted between two others: the others are untouched.
  EXPECT_EQ(diff_text("Un.\n\nTrois.\n", "Un.\n\nDeux.\n\nTrois.\n"),
            (std::vector<DiffPiece>{same("Un.\n\n"), added("Deux.\n\n"), same("Trois.\n")}));
}

TEST(DiagnosisDiff, ASpaceBetweenTwoChangesJoinsThem) {
  // Not "<del>un</del><ins>une</ins> <del>petit</del><ins>grande</ins> …": one change, read at once.
  EXPECT_EQ(diff_text("C'est un petit chat.", "C'est une grande maison."),
            (std::vector<DiffPiece>{same("C'est "), removed("un petit chat."), added("une grande maison.")}));
}

TEST(DiagnosisDiff, TokensKeepCharactersWhole) {
  EXPECT_EQ(diff_tokens("été  déjà\r\nà\tla"),
            (std::vector<std::string_view>{"été", "  ", "déjà", "\r\n", "à", "\t", "la"}));
  EXPECT_EQ(diff_tokens("a\n\nb"), (std::vector<std::string_view>{"a", "\n", "\n", "b"}));
  EXPECT_TRUE(diff_tokens("").empty());
  // A changed accented word is removed and added whole, never cut inside a character.
  auto pieces = diff_text("les aînés", "les aînées");
  EXPECT_EQ(pieces, (std::vector<DiffPiece>{same("les "), removed("aînés"), added("aînées")}));
}

TEST(DiagnosisDiff, ExactOnManyRandomEdits) {
  std::mt19937 random(20260312);
  const std::vector<std::string> words = {"la", "lecture", "publique", "et",    "le",     "spectacle", "vivant", " ",
                                          " ",  "\n",      "\n\n",     "âgées", "jeunes", ",",         "."};
  auto text = [&](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += words[random() % words.size()];
    return s;
  };
  for (int round = 0; round < 300; ++round) {
    std::string before = text(static_cast<int>(random() % 60));
    // The next version: some words changed, dropped or added.
    std::string after;
    for (auto token : diff_tokens(before)) {
      switch (random() % 6) {
        case 0: break;
        case 1: after += words[random() % words.size()]; break;
        case 2: after += std::string(token) + words[random() % words.size()]; break;
        default: after += token;
      }
    }
    expect_exact(before, after);
    expect_exact(after, before);
  }
}

TEST(DiagnosisDiff, TooLargeToCompareWordByWordStaysExact) {
  std::string before, after;
  for (int i = 0; i < 2500; ++i) {
    before += "ligne " + std::to_string(i) + "\n";
    after += "autre " + std::to_string(i) + "\n";
  }
  auto pieces = diff_text("Début\n" + before + "Fin\n", "Début\n" + after + "Fin\n");
  // Compared whole: one removal, one addition, between what both share at their ends.
  ASSERT_EQ(pieces.size(), 4u);
  EXPECT_EQ(pieces[0], same("Début\n"));
  EXPECT_EQ(pieces[1].kind, Kind::removed);
  EXPECT_EQ(pieces[2].kind, Kind::added);
  EXPECT_EQ(pieces[3], same(" 2499\nFin\n"));
  expect_exact(before, after);
}

TEST(DiagnosisDiff, HtmlEscapesAndLabelsChanges) {
  DiffLabels labels{"ajouté", "retiré", "fin"};
  auto html = diff_html(diff_text("Un <b>texte</b> & \"cité\"", "Un <i>texte</i> & \"cité\""), labels);
  EXPECT_EQ(html,
            "Un <del><span class=\"visually-hidden\">[retiré] </span>&lt;b&gt;texte&lt;/b&gt;"
            "<span class=\"visually-hidden\"> [fin]</span></del>"
            "<ins><span class=\"visually-hidden\">[ajouté] </span>&lt;i&gt;texte&lt;/i&gt;"
            "<span class=\"visually-hidden\"> [fin]</span></ins> &amp; &quot;cité&quot;");
  EXPECT_EQ(diff_html(diff_text("<script>", "<script>"), labels), "&lt;script&gt;");
  // The labels are escaped too.
  EXPECT_NE(diff_html(diff_text("", "x"), DiffLabels{"<a>", "", ""}).find("[&lt;a&gt;]"), std::string::npos);
}

TEST(DiagnosisDiff, BrowserLineBreaksAreNormalised) {
  EXPECT_EQ(normalise_newlines("a\r\nb\rc\n"), "a\nb\nc\n");
  EXPECT_EQ(normalise_newlines("\r\n\r\n"), "\n\n");
  EXPECT_EQ(normalise_newlines(""), "");
}
