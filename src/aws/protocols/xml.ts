/** XML text as AWS writes it: the five entities plus `&#xD;` so a carriage return survives a round trip. */
const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#xD;',
};

export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r]/g, (c) => XML_ESCAPES[c]!);
}

export function element(name: string, content: string): string {
  return `<${name}>${content}</${name}>`;
}
