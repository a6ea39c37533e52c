#include "website/flatfile/service.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>

#include "platform/docs/file_type.hpp"
#include "platform/web/i18n.hpp"
#include "website/flatfile/rules.hpp"

namespace trame::website::flatfile {

namespace fs = std::filesystem;

namespace {

std::string read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("fichier illisible : " + file.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A name that stays in the folder: no separator, not "." or "..".
bool plain_name(const std::string& name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos &&
         name.find('\\') == std::string::npos;
}

// The picture a Cover field names: Kirby writes it alone or as a YAML list ("- photo.png").
std::string cover_name(const std::string& value) {
  std::string name = value.substr(0, value.find('\n'));
  if (name.rfind("- ", 0) == 0) name.erase(0, 2);
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
  return name;
}

// Unreserved URL characters kept, every other byte percent-encoded.
std::string url_path_segment(const std::string& name) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += hex[u >> 4];
      out += hex[u & 0xF];
    }
  }
  return out;
}

class FolderReader {
 public:
  FolderReader(fs::path dir, std::function<void(std::size_t, std::size_t)> progress)
      : dir_(std::move(dir)), progress_(std::move(progress)) {}

  Plan read() {
    std::error_code ec;
    if (!fs::is_directory(dir_, ec)) {
      plan_.problems.push_back({dir_.string(), 0, "flatfile.errors.no_folder", {{"folder", dir_.string()}}});
      return std::move(plan_);
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir_))
      if (entry.is_regular_file() && entry.path().extension() == ".txt") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    if (files.empty())
      plan_.problems.push_back({dir_.string(), 0, "flatfile.errors.no_pages", {{"folder", dir_.string()}}});
    for (std::size_t i = 0; i < files.size(); ++i) {
      read_page(files[i]);
      if (progress_) progress_(i + 1, files.size());
    }
    if (!plan_.ok()) plan_.pages.clear();
    return std::move(plan_);
  }

 private:
  void read_page(const fs::path& path) {
    const std::string file = path.filename().string();
    if (fs::file_size(path) > kMaxFileBytes) {
      plan_.problems.push_back({file,
                                0,
                                "flatfile.errors.too_large",
                                {{"size", std::to_string((fs::file_size(path) + 1023) / 1024)},
                                 {"max", std::to_string(kMaxFileBytes / 1024)}}});
      return;
    }
    const Parsed parsed = parse(read_bytes(path), file);
    if (!parsed.problems.empty()) {
      plan_.problems.insert(plan_.problems.end(), parsed.problems.begin(), parsed.problems.end());
      return;
    }
    PlannedPage page;
    page.source = file;
    const auto value = [&](const char* key) {
      const auto* f = parsed.find(key);
      return f != nullptr ? f->value : std::string();
    };
    page.title = value("title");
    page.description = value("description");
    page.parent = value("parent").empty() ? std::string() : slugify(value("parent"));
    if (!value("position").empty()) page.position = std::stoll(value("position"));
    if (!value("published").empty()) page.published = read_boolean(value("published")).value_or(true);
    if (!value("displayquotes").empty()) page.show_quotes = read_boolean(value("displayquotes")).value_or(false);
    page.slug = page_slug(parsed, file);
    if (page.slug.empty()) {
      plan_.problems.push_back({file, parsed.find("title")->line, "flatfile.errors.no_slug", {}});
    } else if (auto [it, inserted] = slugs_.emplace(page.slug, file); !inserted) {
      plan_.problems.push_back({file, 0, "flatfile.errors.slug_taken", {{"slug", page.slug}, {"other", it->second}}});
    }
    if (const auto* cover = parsed.find("cover"); cover != nullptr && !cover->value.empty())
      page.cover = picture(file, cover->line, cover_name(cover->value), "cover");
    if (const auto* text = parsed.find("text")) {
      std::map<std::string, std::optional<std::string>> addresses;  // name → where the text shows it
      for (const auto& name : image_names(text->value)) {
        if (addresses.count(name)) continue;
        std::optional<std::string> address;
        if (page.cover && page.cover->name == name) {
          addresses[name] = address;  // shown as the cover, above the text
          continue;
        }
        if (auto p = picture(file, text->line, name, "image")) {
          address = std::string(kPicturesPath) + url_path_segment(name);
          page.pictures.push_back(std::move(*p));
        }
        addresses[name] = address;
      }
      page.markdown = kirbytext_to_markdown(text->value, [&addresses](const std::string& name) {
        const auto it = addresses.find(name);
        return it != addresses.end() ? it->second : std::nullopt;
      });
    }
    plan_.pages.push_back(std::move(page));
  }

  // The picture `name` of the folder, checked; nullopt with a problem or a warning otherwise. `what`:
  // "cover" or "image", the start of the catalogue keys.
  std::optional<Picture> picture(const std::string& file, std::size_t line, const std::string& name,
                                 const std::string& what) {
    if (!plain_name(name)) {
      plan_.problems.push_back({file, line, "flatfile.errors." + what + "_path", {{"name", name}}});
      return std::nullopt;
    }
    const fs::path path = dir_ / name;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
      plan_.warnings.push_back({file, line, "flatfile.warnings." + what + "_absent", {{"name", name}}});
      return std::nullopt;
    }
    if (fs::file_size(path) > kMaxPictureBytes) {
      plan_.problems.push_back({file,
                                line,
                                "flatfile.errors.picture_too_large",
                                {{"name", name}, {"max", std::to_string(kMaxPictureBytes / (1024 * 1024))}}});
      return std::nullopt;
    }
    Picture p{name, {}, read_bytes(path)};
    p.type = docs::accepted_file_type(p.bytes, {docs::kPng, docs::kJpeg, docs::kWebp});
    if (p.type.empty()) {
      plan_.problems.push_back({file, line, "flatfile.errors.not_an_image", {{"name", name}}});
      return std::nullopt;
    }
    return p;
  }

  fs::path dir_;
  std::function<void(std::size_t, std::size_t)> progress_;
  Plan plan_;
  std::map<std::string, std::string> slugs_;  // slug → the file that gives it
};

}  // namespace

Plan read_folder(const std::string& dir, const std::function<void(std::size_t, std::size_t)>& progress) {
  return FolderReader(dir, progress).read();
}

std::string describe(const web::Catalogue& catalogue, const Problem& problem) {
  std::string where = problem.file;
  if (problem.line != 0) where += ":" + std::to_string(problem.line);
  return where + ": " + catalogue.t("fr", problem.key, problem.params);
}

}  // namespace trame::website::flatfile
