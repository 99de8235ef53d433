#include "typedis/resp/value.hpp"

#include <sstream>

#include "typedis/error.hpp"

namespace typedis::resp {

value value::make_string(std::string s, resp::type t) {
  value v;
  v.type = t;
  v.string = std::move(s);
  return v;
}

value value::make_integer(std::int64_t i) {
  value v;
  v.type = resp::type::integer;
  v.integer = i;
  return v;
}

value value::make_array(std::vector<value> elements, resp::type t) {
  value v;
  v.type = t;
  v.elements = std::move(elements);
  return v;
}

value::~value() {
  // Only grandchildren make the implicit destruction recurse more than one level: a flat reply
  // pays nothing extra, a deep one is unrolled onto the heap.
  const auto deep = [](const std::vector<value>& v) {
    for (const value& e : v)
      if (!e.elements.empty() || !e.attributes.empty()) return true;
    return false;
  };
  if (!deep(elements) && !deep(attributes)) return;
  std::vector<value> pending;
  const auto take = [&pending](std::vector<value>& from) {
    for (value& e : from) pending.push_back(std::move(e));  // moved-from vectors are empty
    from.clear();
  };
  take(elements);
  take(attributes);
  while (!pending.empty()) {
    value v = std::move(pending.back());
    pending.pop_back();
    take(v.elements);
    take(v.attributes);
  }
}

namespace {

value from_node(const node& n, const reply_cursor& cursor) {
  value v;
  v.type = n.type;
  switch (n.type) {
    case type::integer:
    case type::boolean:
      v.integer = n.integer;
      break;
    case type::verbatim_string: {
      std::string_view t = cursor.text(n);
      if (t.size() >= 4 && t[3] == ':') {
        v.verbatim_format.assign(t.substr(0, 3));
        t.remove_prefix(4);
      }
      v.string.assign(t);
      break;
    }
    case type::null:
      break;
    default:
      if (resp::is_aggregate(n.type)) {
        v.elements.reserve(n.size);  // the whole reply has arrived: the size is real
      } else {
        v.string.assign(cursor.text(n));
      }
  }
  return v;
}

}  // namespace

value value::read(reply_cursor& cursor) {
  const auto nodes = cursor.nodes();
  std::size_t index = cursor.position();
  value holder;
  holder.type = type::array;
  struct frame {
    value* target;
    std::size_t remaining;
    std::size_t end;  // the aggregate's `next`: past an attribute that annotates nothing
  };
  std::vector<frame> stack{{&holder, 1, 0}};
  while (!stack.empty()) {
    if (stack.back().remaining == 0) {
      if (stack.back().end > index) index = stack.back().end;
      stack.pop_back();
      continue;
    }
    if (index >= nodes.size()) throw decode_error("an element", "the end of the reply");
    const node& n = nodes[index++];
    value child = from_node(n, cursor);
    value* parent = stack.back().target;
    // Attributes annotate the element that follows them (and are not counted as an element).
    if (n.type != type::attribute) {
      --stack.back().remaining;
      // Every attribute right before it annotates it, in wire order (there may be several).
      std::size_t first = parent->elements.size();
      while (first > 0 && parent->elements[first - 1].type == type::attribute) --first;
      for (std::size_t i = first; i < parent->elements.size(); ++i)
        for (value& a : parent->elements[i].elements) child.attributes.push_back(std::move(a));
      parent->elements.erase(parent->elements.begin() + static_cast<std::ptrdiff_t>(first), parent->elements.end());
    }
    parent->elements.push_back(std::move(child));
    if (resp::is_aggregate(n.type)) {
      if (n.size > 0) stack.push_back({&parent->elements.back(), n.size, n.next});
      else index = n.next;  // an empty streamed aggregate may still hold a lone attribute
    }
  }
  cursor.rewind(index);
  return std::move(holder.elements.back());
}

bool operator==(const value& a, const value& b) {
  return a.type == b.type && a.string == b.string && a.integer == b.integer && a.elements == b.elements &&
         a.attributes == b.attributes && a.verbatim_format == b.verbatim_format;
}

namespace {
void display(std::ostream& os, const value& v, std::size_t depth) {
  if (depth > 64) {
    os << "...";
    return;
  }
  switch (v.type) {
    case type::null: os << "null"; break;
    case type::integer: os << v.integer; break;
    case type::boolean: os << (v.integer ? "true" : "false"); break;
    case type::double_type:
    case type::big_number: os << v.string; break;
    case type::simple_error:
    case type::bulk_error: os << "(error) " << v.string; break;
    case type::map:
    case type::attribute:
      os << '{';
      for (std::size_t i = 0; i + 1 < v.elements.size(); i += 2) {
        if (i) os << ", ";
        display(os, v.elements[i], depth + 1);
        os << ": ";
        display(os, v.elements[i + 1], depth + 1);
      }
      os << '}';
      break;
    case type::array:
    case type::set:
    case type::push:
      os << (v.type == type::set ? "~[" : v.type == type::push ? ">[" : "[");
      for (std::size_t i = 0; i < v.elements.size(); ++i) {
        if (i) os << ", ";
        display(os, v.elements[i], depth + 1);
      }
      os << ']';
      break;
    default:
      os << '"' << v.string << '"';
  }
}
}  // namespace

std::string to_display(const value& v) {
  std::ostringstream os;
  display(os, v, 0);
  return os.str();
}

std::ostream& operator<<(std::ostream& os, const value& v) {
  display(os, v, 0);
  return os;
}

}  // namespace typedis::resp
