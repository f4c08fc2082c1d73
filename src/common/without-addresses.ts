/**
 * Contact data stays with admins: a relay's reply often quotes the recipient ("550 5.1.1 <eva@example.org>: User unknown"),
 * so every place that shows such a text to someone who is not an admin (REST invitation list, console pages) masks it with this
 * one function. Pure.
 */
const ADDRESS = /[^\s<>()[\]"',;:]+@[^\s<>()[\]"',;:]+/g;

/** A text without the e-mail addresses in it: "550 <Adresse>: user unknown". */
export function withoutAddresses(text: string): string {
  return text.replace(ADDRESS, 'Adresse');
}
