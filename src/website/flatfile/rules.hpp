// The flat-file page format of the Département's former site (Kirby CMS content files), read strictly.
// It reads untrusted bytes: it has a libFuzzer target (tests/fuzz/fuzz_flatfile.cpp).
//
// A file is blocks separated by lines of exactly `----` (blanks after them allowed). A block starts with
// `Name:` and its value runs to the next separator, over as many lines as it needs. A UTF-8 byte order
// mark and CRLF line ends are accepted. Refused, each naming its line: a file above kMaxFileBytes, bytes
// that are not UTF-8 (or NUL), text before any field name, an unknown field (by its name), a field given
// twice, a line inside a value that opens with a known field's name glued to its colon (`Cover:`: the
// separator before it is missing — a text line says `Cover :` with a space, as French writes it), a
// yes/no or number field that is neither, and a file without a Title. Values come with their accents
// composed (compose_letters).
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "website/flatfile/model.hpp"

namespace trame::website::flatfile {

inline constexpr std::size_t kMaxFileBytes = 1024 * 1024;
// The address the pictures a text shows (besides the cover) are served under, followed by the name.
inline constexpr std::string_view kPicturesPath = "/pages/images/";

// The fields a page file may have (Kirby's keys: lower case, '-' and ' ' read as '_').
const std::vector<std::string>& known_fields();

// The fields and problems of the file `file_name` (named in the problems).
Parsed parse(std::string_view bytes, const std::string& file_name);

// Decomposed letters (a letter then a combining accent, as macOS and some exports write French: "e\u0301")
// as the precomposed letter ("é"); other text unchanged. parse() gives values composed.
std::string compose_letters(std::string_view text);

// "oui", "non", "true", "false", "yes", "no", "1", "0" (any case, blanks around) as a boolean, or nullopt.
std::optional<bool> read_boolean(std::string_view value);

// Lower case ASCII letters and digits joined by single dashes, accents removed ("Édito 2023" → "edito-2023"),
// at most 80 characters; may be empty.
std::string slugify(std::string_view text);

// The slug of a page: its Slug field, else its file name without the extension and without Kirby's sorting
// number ("001_edito.txt" → "edito") unless what is left is a generated identifier (8 or more hexadecimal
// digits, as in "001_92c5f40f1a4f6a1d.txt"), else its title. Empty when none gives one.
std::string page_slug(const Parsed& parsed, const std::string& file_name);

// The picture names the `(image: …)` tags of a text name, in order.
std::vector<std::string> image_names(std::string_view kirbytext);

// Where the picture `name` is shown from, or nullopt when it is not (the image tag is then dropped).
using PictureAddress = std::function<std::optional<std::string>(const std::string& name)>;

// A Kirby text as markdown: `(image: a.png alt: x)` → `![x](address)` (dropped when `address` gives none; the
// one-argument form places every picture under kPicturesPath); `(link: url text: label)` → `[label](url)` for
// http(s), mailto and relative URLs (the label alone otherwise); `(email: a@b text: label)` → a mailto link;
// `(file: x.pdf text: label)` → the label (files are not imported); other tags stay as they are. Lines
// starting with « • » become list items, bold markers split over two lines (`**Titre\n**• …`) are joined back,
// words cut by a hyphen and a space (`ac- tion`, from a PDF) are joined, and a line after a list item starts
// a new paragraph instead of continuing the item.
std::string kirbytext_to_markdown(std::string_view kirbytext, const PictureAddress& address);
std::string kirbytext_to_markdown(std::string_view kirbytext);

}  // namespace trame::website::flatfile
