// Reading a folder of page files (the former site's flat files, `trame import pages DIR`) into a plan:
// the pages to import with their pictures, or the problems that refuse the whole folder. Nothing is
// written here: the pages module imports the planned pages (pages::Service::import_page), all or none.
#pragma once
#include <cstddef>
#include <functional>
#include <string>

#include "website/flatfile/model.hpp"

namespace trame::web {
class Catalogue;
}

namespace trame::website::flatfile {

// The largest picture (cover or picture of a text) read from the folder, in bytes.
inline constexpr std::size_t kMaxPictureBytes = 10 * 1024 * 1024;

// The `*.txt` files of `dir` in name order, each parsed (rules.hpp), and the pictures they name beside them
// checked by their bytes (PNG, JPEG or WebP, at most kMaxPictureBytes). Problems (any one refuses the
// folder): the folder absent or without page file, a problem of a file, a slug given by two files, a
// cover or picture that is not an image or is too large, a picture name that is a path. Warnings: a cover
// or a text's picture absent from the folder (the page is imported without it). A text's picture that is
// the page's cover is dropped from the text (the page shows its cover above the text).
// `progress` (may be empty) is told after each file: files read, files in all.
Plan read_folder(const std::string& dir, const std::function<void(std::size_t, std::size_t)>& progress = {});

// A problem as people read it, as compilers write it: "001_edito.txt:12: champ inconnu « Auteur »…" (no
// line when it is 0).
std::string describe(const web::Catalogue& catalogue, const Problem& problem);

}  // namespace trame::website::flatfile
