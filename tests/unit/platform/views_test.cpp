// The views' diagnostic mode (TRAME_VIEW_KEYS): every name a template reads is noted with where it
// resolved, so that a key a template reads and no route sets is found (a typo in a template or in a
// `.set("key", ...)`).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <unistd.h>

#include "platform/web/views.hpp"

namespace fs = std::filesystem;
using kainjow::mustache::data;

namespace {

struct KeyFile {
  fs::path dir;
  fs::path file;
  KeyFile() {
    dir = fs::temp_directory_path() / ("trame-views-" + std::to_string(::getpid()) + "-" +
                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir / "templates" / "m");
    fs::create_directories(dir / "templates" / "partials");
    file = dir / "keys.tsv";
  }
  ~KeyFile() {
    ::unsetenv("TRAME_VIEW_KEYS");
    fs::remove_all(dir);
  }
  void write(const std::string& name, const std::string& source) {
    std::ofstream(dir / "templates" / (name + ".mustache")) << source;
  }
  std::set<std::string> lines() const {
    std::set<std::string> out;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) out.insert(line);
    return out;
  }
};

}  // namespace

TEST(ViewKeys, NotesEveryNameReadAndWhereItResolved) {
  KeyFile f;
  f.write("m/page",
          "{{title}}{{#items}}<{{name}}{{lang}}>{{/items}}{{^error}}ok{{/error}}{{titel}}{{t.hello}}"
          "{{#box}}{{box.size}}{{/box}}{{> pager}}");
  f.write("partials/pager", "{{#next_url}}next{{/next_url}}");
  ::setenv("TRAME_VIEW_KEYS", f.file.c_str(), 1);
  trame::web::Views views(f.dir / "templates", false);
  data page{data::type::object};
  page.set("title", "T");
  data items{data::type::list};
  data item{data::type::object};
  item.set("name", "n");
  items.push_back(item);
  items.push_back(item);
  page.set("items", items);
  data box{data::type::object};
  box.set("size", "3");
  page.set("box", box);
  data common{data::type::object};
  common.set("lang", "fr");
  data catalogue{data::type::object};
  data t{data::type::object};
  t.set("hello", "Bonjour");
  catalogue.set("t", t);
  EXPECT_EQ(views.render("m/page", page, {&catalogue, &common}), "T<nfr><nfr>okBonjour3");
  EXPECT_EQ(f.lines(), (std::set<std::string>{
                           "m/page\ttitle\tdata", "m/page\titems\tdata", "m/page\tname\tsection", "m/page\tlang\tbase",
                           "m/page\terror\t-",
                           "m/page\ttitel\t-",  // the typo: read, set nowhere
                           "m/page\tt.hello\tbase", "m/page\tbox\tdata",
                           "m/page\tbox.size\tdata",  // "box" is not a key of the box itself
                           "m/page\tnext_url\t-",     // read in the partial, under the including template
                       }));
}

TEST(ViewKeys, OffByDefault) {
  KeyFile f;
  f.write("m/page", "{{title}}{{missing}}");
  ::unsetenv("TRAME_VIEW_KEYS");
  trame::web::Views views(f.dir / "templates", false);
  data page{data::type::object};
  page.set("title", "T");
  EXPECT_EQ(views.render("m/page", page), "T");
  EXPECT_FALSE(fs::exists(f.file));
}

// The real templates render the same in diagnostic mode as without it.
TEST(ViewKeys, RendersTheSameAsWithout) {
  KeyFile f;
  trame::web::Views plain("templates", false);
  ::setenv("TRAME_VIEW_KEYS", f.file.c_str(), 1);
  trame::web::Views noted("templates", false);
  data page{data::type::object};
  page.set("status", "404");
  page.set("message", "<introuvable>");
  EXPECT_EQ(noted.render("errors/error", page), plain.render("errors/error", page));
  EXPECT_TRUE(f.lines().count("errors/error\tmessage\tdata"));
}
