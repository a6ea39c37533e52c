// What the flat-file importer reads and plans: the fields of a page file (the Kirby CMS format of the
// Département's former site), the problems found in it (a catalogue key and its parameters, naming a file and
// a line) and the pages a folder would give. Nothing here touches the database: the pages module writes them.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace trame::website::flatfile {

// A field of a page file: `Title: Edito`. `key` is the name as Kirby reads it (lower case, '-' and ' ' as
// '_'), `name` as written; `value` is trimmed (the blank lines around a multi-line value removed).
struct Field {
  std::string name;
  std::string key;
  std::string value;
  std::size_t line = 0;  // the line (1-based) of `Name:`
};

// A problem of a file: the catalogue key of its French message (locales/fr/flatfile.toml) and the message's
// parameters. line 0: the file as a whole (its size, a missing Title) or the folder itself.
struct Problem {
  std::string file;
  std::size_t line = 0;
  std::string key;
  std::vector<std::pair<std::string, std::string>> params;
};

struct Parsed {
  std::vector<Field> fields;      // in the file's order
  std::vector<Problem> problems;  // in the file's order; any problem refuses the file
  // The field of that key ("title", "displayquotes"…), or nullptr.
  const Field* find(const std::string& key) const {
    for (const auto& f : fields)
      if (f.key == key) return &f;
    return nullptr;
  }
};

// A picture of the folder, checked by its bytes (PNG, JPEG or WebP).
struct Picture {
  std::string name;   // the file name in the folder
  std::string type;   // docs::kPng, kJpeg or kWebp
  std::string bytes;  // as read (the pages module normalises it)
};

// A page as it will be imported.
struct PlannedPage {
  std::string source;  // the file name ("001_edito.txt")
  std::string slug;
  std::string title;
  std::string description;
  std::string markdown;  // the Text field, Kirby's tags turned into markdown
  std::string parent;    // the parent's slug ('' : none)
  std::optional<long long> position;
  bool published = true;     // Published absent: published (the former site's pages were online)
  bool show_quotes = false;  // Displayquotes
  std::optional<Picture> cover;
  std::vector<Picture> pictures;  // pictures the text shows besides the cover (markdown: kPicturesPath + name)
};

// What `trame import pages DIR` would do. Nothing is imported when `problems` is not empty.
struct Plan {
  std::vector<PlannedPage> pages;  // in file name order
  std::vector<Problem> problems;
  std::vector<Problem> warnings;  // imported anyway (a cover absent from the folder: the page has none)
  bool ok() const { return problems.empty(); }
};

}  // namespace trame::website::flatfile
