/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** Set by the question page before its MDX renders: what <Cite> numbers against. */
    page?: { id: string; refs: string[] };
  }
}
