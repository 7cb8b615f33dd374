/** A set of Handlebars templates: the main one and its partials, each with the file it came from. */
export interface TemplateSource {
  name: string;
  path: string;
  source: string;
  /** Handlebars' precompiled form of `source` (built-in templates only): rendered without the compiler. */
  spec?: object;
}

export interface TemplateSet {
  main: TemplateSource;
  partials: TemplateSource[];
}

export const MAIN_TEMPLATE = "dynamic_conf.yml.hbs";
export const PARTIALS_DIR = "partials";
