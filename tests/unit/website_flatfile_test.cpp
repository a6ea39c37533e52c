// The flat-file page importer (src/website/flatfile): the two seed pages of the former site read without a
// problem and give the expected markdown; each kind of bad input gives its French message on its line; a
// folder is planned all or nothing, its pictures checked by their bytes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include <unistd.h>

#include "platform/web/i18n.hpp"
#include "website/flatfile/rules.hpp"
#include "website/flatfile/service.hpp"

using namespace trame;
using namespace trame::website::flatfile;
namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const web::Catalogue& catalogue() {
  static const web::Catalogue c = [] {
    web::Catalogue loaded;
    loaded.load("locales");
    return loaded;
  }();
  return c;
}

// The messages of a file's problems, as the command prints them.
std::vector<std::string> messages(std::string_view bytes, const std::string& file = "page.txt") {
  std::vector<std::string> out;
  for (const auto& p : parse(bytes, file).problems) out.push_back(describe(catalogue(), p));
  return out;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

constexpr const char* kPng = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

// A folder of its own for a test, removed after it.
class Folder {
 public:
  Folder() {
    static int n = 0;
    path_ = fs::temp_directory_path() / ("trame-flatfile-" + std::to_string(::getpid()) + "-" + std::to_string(++n));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~Folder() { fs::remove_all(path_); }
  Folder(const Folder&) = delete;
  Folder& operator=(const Folder&) = delete;
  void write(const std::string& name, std::string_view bytes) const {
    std::ofstream(path_ / name, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

}  // namespace

// ---- The seeds (the acceptance case) ----

TEST(FlatfileSeeds, ContextReadsWithoutProblem) {
  const auto parsed =
      parse(read_file("data/pages/000_contexte-de-la-formation.txt"), "000_contexte-de-la-formation.txt");
  EXPECT_TRUE(parsed.problems.empty()) << (parsed.problems.empty() ? "" : parsed.problems[0].key);
  ASSERT_EQ(parsed.fields.size(), 4u);
  EXPECT_EQ(parsed.fields[0].key, "title");
  EXPECT_EQ(parsed.fields[0].value, "Contexte de la formation");
  EXPECT_EQ(parsed.fields[0].line, 1u);
  EXPECT_EQ(parsed.fields[1].value, "capture-decran-2022-10-29-a-12.31.33.png");
  EXPECT_EQ(parsed.fields[1].line, 5u);
  EXPECT_EQ(parsed.fields[2].key, "text");
  EXPECT_EQ(parsed.fields[2].line, 9u);
  EXPECT_EQ(parsed.fields[3].key, "displayquotes");
  EXPECT_EQ(read_boolean(parsed.fields[3].value), true);
  EXPECT_EQ(page_slug(parsed, "000_contexte-de-la-formation.txt"), "contexte-de-la-formation");
  // The seed's own name is a generated identifier: the slug comes from the title.
  EXPECT_EQ(page_slug(parsed, "000_1962afe96904fef4.txt"), "contexte-de-la-formation");

  const std::string md = kirbytext_to_markdown(parsed.find("text")->value);
  // Bold split over two lines repaired, « • » lines as a list.
  EXPECT_TRUE(contains(md, "**Objectifs de la formation**\n- favoriser l’interconnaissance entre acteurs sociaux"))
      << md;
  EXPECT_TRUE(contains(md, "**A partir d’apports théoriques et de mise en pratique artistique :**\n- être plus"));
  EXPECT_TRUE(contains(md, "**Profil des participants**\n- Agents des collectivités territoriales"));
  // The line after a list item is a paragraph of its own, not the item's continuation.
  EXPECT_TRUE(contains(md, "sous un autre aspect\n\nCompétences attendues\n"));
  // Words cut by the PDF they came from are whole again.
  EXPECT_TRUE(contains(md, "d’articuler son action autour"));
  EXPECT_TRUE(contains(md, "l’interconnaissance, lever des freins"));
  EXPECT_TRUE(contains(md, "médico-sociaux partenaires"));
  EXPECT_FALSE(contains(md, "•"));
  EXPECT_FALSE(contains(md, "\n**•"));
  EXPECT_EQ(md.rfind("Le Département de Loire-Atlantique", 0), 0u);
}

TEST(FlatfileSeeds, EditoReadsWithoutProblem) {
  const auto parsed = parse(read_file("data/pages/001_edito.txt"), "001_edito.txt");
  EXPECT_TRUE(parsed.problems.empty());
  EXPECT_EQ(parsed.find("title")->value, "Edito");
  EXPECT_EQ(parsed.find("cover")->value, "unknown-1.png");
  EXPECT_EQ(read_boolean(parsed.find("displayquotes")->value), true);
  EXPECT_EQ(page_slug(parsed, "001_edito.txt"), "edito");
  const std::string md = kirbytext_to_markdown(parsed.find("text")->value);
  EXPECT_EQ(md.rfind("##### Le Département de Loire-Atlantique", 0), 0u);
  EXPECT_TRUE(contains(md, "\n##### Cette formation est le fruit"));
  EXPECT_TRUE(contains(md, "« Comment créer, tisser des liens"));
  // The image tag, as markdown under the pictures' address.
  EXPECT_TRUE(contains(md, "l’âge ? ».\n![](/pages/images/unknown-1.png)")) << md;
  EXPECT_FALSE(contains(md, "(image:"));
}

TEST(FlatfileSeeds, FolderOfBothSeedsIsPlanned) {
  const auto plan = read_folder("data/pages");
  ASSERT_TRUE(plan.ok()) << describe(catalogue(), plan.problems.front());
  ASSERT_EQ(plan.pages.size(), 2u);
  EXPECT_EQ(plan.pages[0].source, "000_contexte-de-la-formation.txt");
  EXPECT_EQ(plan.pages[0].slug, "contexte-de-la-formation");
  EXPECT_EQ(plan.pages[0].title, "Contexte de la formation");
  EXPECT_TRUE(plan.pages[0].show_quotes);
  EXPECT_TRUE(plan.pages[0].published);
  EXPECT_EQ(plan.pages[1].slug, "edito");
  EXPECT_EQ(plan.pages[1].title, "Edito");
  EXPECT_TRUE(plan.pages[1].show_quotes);
  // No pictures beside them: both covers are warnings, the pages come without cover, the text's image goes.
  EXPECT_FALSE(plan.pages[0].cover);
  EXPECT_FALSE(plan.pages[1].cover);
  EXPECT_FALSE(contains(plan.pages[1].markdown, "!["));
  ASSERT_EQ(plan.warnings.size(), 3u);
  EXPECT_EQ(describe(catalogue(), plan.warnings[0]),
            "000_contexte-de-la-formation.txt:5: la couverture « capture-decran-2022-10-29-a-12.31.33.png » n'est pas "
            "dans le "
            "dossier : la page est importée sans couverture.");
  EXPECT_EQ(plan.warnings[1].line, 5u);
  EXPECT_EQ(plan.warnings[2].key, "flatfile.warnings.image_absent");
  EXPECT_EQ(plan.warnings[2].line, 9u);
}

// ---- Bad input: each message on its line ----

TEST(FlatfileRules, MissingSeparator) {
  const auto m = messages("Title: Edito\nCover: a.png\n----\nText: x");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0],
            "page.txt:2: la ligne « ---- » manque avant le champ « Cover » (la valeur de « Title » court encore). "
            "S'il s'agit de texte, écrivez « Cover : » avec une espace avant les deux-points.");
  // Inside a text, a known name glued to its colon is a field; other colons are text.
  EXPECT_EQ(parse("Title: A\n\n----\n\nText: a\n\nNote: rien\nDate : hier\nText : encore\n", "p.txt").problems.size(),
            0u);
  const auto p = parse("Title: A\n\n----\n\nText: a\n\nsuite\ndisplayquotes: oui\n", "p.txt");
  ASSERT_EQ(p.problems.size(), 1u);
  EXPECT_EQ(p.problems[0].line, 8u);
  EXPECT_EQ(p.problems[0].key, "flatfile.errors.missing_separator");
}

TEST(FlatfileRules, UnknownAndDuplicatedFields) {
  const auto m = messages("Title: A\n----\nAuteur: moi\nsur deux lignes\n----\nTitle: B\n");
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0],
            "page.txt:3: champ inconnu « Auteur » (champs acceptés : Title, Cover, Text, Displayquotes, "
            "Description, Slug, Parent, Position, Published).");
  EXPECT_EQ(m[1], "page.txt:6: le champ « Title » est déjà donné ligne 1.");
  // Kirby's keys: any case, '-' for '_'.
  EXPECT_TRUE(parse("TITLE: A\n----\nDisplayQuotes: non\n----\nPUBLISHED: true", "p.txt").problems.empty());
}

TEST(FlatfileRules, InvalidUtf8NamesItsLine) {
  const auto m = messages("Title: A\n----\nText: caf\xE9\n");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0], "page.txt:3: octets qui ne sont pas du texte UTF-8 (enregistrez le fichier en UTF-8).");
  EXPECT_EQ(parse(std::string("Title: A\n\nB\n", 12) + '\0', "p.txt").problems.at(0).key, "flatfile.errors.not_utf8");
  EXPECT_EQ(parse("Title: \xED\xA0\x80", "p.txt").problems.at(0).line, 1u);  // a surrogate
}

TEST(FlatfileRules, MissingTitleTextOutsideFieldsAndValues) {
  auto m = messages("Text: seul\n");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0], "page.txt: le champ « Title » (titre de la page) manque ou est vide.");
  EXPECT_EQ(messages("").size(), 1u);
  EXPECT_EQ(messages("Title:\n").size(), 1u);
  // A file in another format: text without field names (line 3), and no title.
  const auto p = parse("\n\nObjectifs et contexte de la certification :\n\nLes métiers…", "002.txt");
  ASSERT_EQ(p.problems.size(), 2u);
  EXPECT_EQ(p.problems[0].key, "flatfile.errors.no_field");
  EXPECT_EQ(p.problems[0].line, 3u);
  EXPECT_EQ(p.problems[1].key, "flatfile.errors.no_title");
  m = messages("Title: A\n----\nDisplayquotes: peut-être\n----\nPosition: 2e\n----\nSlug: ---");
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0], "page.txt:3: « Displayquotes » vaut « peut-être » : écrivez « oui » ou « non ».");
  EXPECT_EQ(m[1], "page.txt:5: « Position » vaut « 2e » : un nombre entier est attendu.");
  EXPECT_TRUE(contains(m[2], "page.txt:7: « Slug » vaut « --- »"));
}

TEST(FlatfileRules, FileAboveOneMebibyte) {
  std::string big = "Title: A\n----\nText: ";
  big.append(kMaxFileBytes, 'a');
  const auto m = messages(big);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0], "page.txt: le fichier pèse 1025 Kio : une page fait au plus 1024 Kio.");
}

TEST(FlatfileRules, BomAndCrlfAccepted) {
  const auto p =
      parse("\xEF\xBB\xBFTitle: Édito\r\n\r\n----\r\n\r\nText: a\r\nb\r\n\r\n----  \r\nSlug: Mon Édito!\r\n", "x.txt");
  ASSERT_TRUE(p.problems.empty());
  EXPECT_EQ(p.find("title")->value, "Édito");
  EXPECT_EQ(p.find("text")->value, "a\nb");
  EXPECT_EQ(p.find("slug")->line, 9u);
  EXPECT_EQ(page_slug(p, "x.txt"), "mon-edito");
}

TEST(FlatfileRules, BooleansAndSlugs) {
  EXPECT_EQ(read_boolean(" Oui "), true);
  EXPECT_EQ(read_boolean("non"), false);
  EXPECT_EQ(read_boolean("TRUE"), true);
  EXPECT_EQ(read_boolean("false"), false);
  EXPECT_EQ(read_boolean("peut-être"), std::nullopt);
  EXPECT_EQ(slugify("Contexte de la formation"), "contexte-de-la-formation");
  EXPECT_EQ(slugify("  Édito : l’été 2023 !"), "edito-l-ete-2023");
  EXPECT_EQ(slugify("???"), "");
  const auto p = parse("Title: Le Préambule à Ligné", "p.txt");
  EXPECT_EQ(page_slug(p, "3-preambule.txt"), "preambule");
  EXPECT_EQ(page_slug(p, "0123abcd.txt"), "le-preambule-a-ligne");
}

// ---- Kirby's tags and the seeds' cleaning ----

TEST(FlatfileMarkdown, Tags) {
  EXPECT_EQ(kirbytext_to_markdown("(link: https://example.org/a?b=1 text: Le site)"),
            "[Le site](https://example.org/a?b=1)");
  EXPECT_EQ(kirbytext_to_markdown("(link: /pages/edito)"), "[/pages/edito](/pages/edito)");
  EXPECT_EQ(kirbytext_to_markdown("(link: javascript:alert text: x)"), "x");
  EXPECT_EQ(kirbytext_to_markdown("(link: data:text/html,1 text: Voir)"), "Voir");
  EXPECT_EQ(kirbytext_to_markdown("(email: a@b.fr text: Écrire [ici])"), "[Écrire \\[ici\\]](mailto:a@b.fr)");
  EXPECT_EQ(kirbytext_to_markdown("(email: pas-une-adresse)"), "pas-une-adresse");
  EXPECT_EQ(kirbytext_to_markdown("(file: plan.pdf text: Le plan)"), "Le plan");
  EXPECT_EQ(kirbytext_to_markdown("(image: a.png alt: Une salle)"), "![Une salle](/pages/images/a.png)");
  EXPECT_EQ(kirbytext_to_markdown("(video: https://x.org/v) (note : rien)"), "(video: https://x.org/v) (note : rien)");
  const auto none = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  EXPECT_EQ(kirbytext_to_markdown("avant (image: a.png) après", none), "avant  après");
  EXPECT_EQ(image_names("(image: a.png)\nx (image: b.jpg alt: B) (link: c)"),
            (std::vector<std::string>{"a.png", "b.jpg"}));
}

TEST(FlatfileMarkdown, Cleaning) {
  EXPECT_EQ(kirbytext_to_markdown("**Titre\n**• un\n• deux\nSuite"), "**Titre**\n- un\n- deux\n\nSuite");
  EXPECT_EQ(kirbytext_to_markdown("pré- et post-formation, ac- tion"), "pré- et post-formation, action");
  EXPECT_EQ(kirbytext_to_markdown("##### Titre\ntexte"), "##### Titre\ntexte");
  EXPECT_EQ(kirbytext_to_markdown("a\r\nb"), "a\nb");
}

// ---- A folder: pictures, all or nothing ----

TEST(FlatfileFolder, CoverCheckedByItsBytes) {
  Folder dir;
  dir.write("1_a.txt", "Title: A\n----\nCover: a.png\n----\nText: (image: a.png) (image: b.png)\n");
  dir.write("a.png", std::string(kPng, 16));
  dir.write("b.png", std::string(kPng, 16));
  auto plan = read_folder(dir.path());
  ASSERT_TRUE(plan.ok());
  ASSERT_TRUE(plan.pages.at(0).cover);
  EXPECT_EQ(plan.pages[0].cover->type, "image/png");
  EXPECT_EQ(plan.pages[0].cover->name, "a.png");
  // The cover is not shown twice; another picture is kept with the page.
  EXPECT_EQ(plan.pages[0].markdown, " ![](/pages/images/b.png)");
  ASSERT_EQ(plan.pages[0].pictures.size(), 1u);
  EXPECT_EQ(plan.pages[0].pictures[0].name, "b.png");

  dir.write("b.png", "<html>pas une image</html>");
  dir.write("2_b.txt", "Title: B\n----\nCover: - ../secret.png\n");
  plan = read_folder(dir.path());
  EXPECT_FALSE(plan.ok());
  EXPECT_TRUE(plan.pages.empty());  // nothing imported, not even the good page
  ASSERT_EQ(plan.problems.size(), 2u);
  EXPECT_EQ(describe(catalogue(), plan.problems[0]), "1_a.txt:5: « b.png » n'est pas une image PNG, JPEG ou WebP.");
  EXPECT_EQ(describe(catalogue(), plan.problems[1]),
            "2_b.txt:3: la couverture « ../secret.png » doit être un nom de fichier du dossier, pas un chemin.");
}

TEST(FlatfileFolder, SlugTakenTwiceAndEmptyFolders) {
  Folder dir;
  dir.write("1_edito.txt", "Title: A");
  dir.write("2_b.txt", "Title: B\n----\nSlug: Édito");
  dir.write("notes.md", "pas une page");
  auto plan = read_folder(dir.path());
  ASSERT_EQ(plan.problems.size(), 1u);
  EXPECT_EQ(describe(catalogue(), plan.problems[0]),
            "2_b.txt: l'adresse « edito » est déjà celle de la page 1_edito.txt : donnez un champ « Slug » différent "
            "à l'une des deux.");
  Folder empty;
  empty.write("notes.md", "x");
  plan = read_folder(empty.path());
  ASSERT_EQ(plan.problems.size(), 1u);
  EXPECT_EQ(plan.problems[0].key, "flatfile.errors.no_pages");
  plan = read_folder(empty.path() + "/absent");
  ASSERT_EQ(plan.problems.size(), 1u);
  EXPECT_EQ(plan.problems[0].key, "flatfile.errors.no_folder");
}

TEST(FlatfileFolder, EveryKeyIsInBothLocales) {
  for (const auto* key : {"too_large", "not_utf8", "no_field", "unknown_field", "duplicate_field", "missing_separator",
                          "no_title", "not_boolean", "not_number", "invalid_slug", "no_slug", "slug_taken", "no_folder",
                          "no_pages", "cover_path", "image_path", "picture_too_large", "not_an_image"})
    for (const auto* locale : {"fr", "en"}) EXPECT_TRUE(catalogue().has(locale, std::string("flatfile.errors.") + key));
}
