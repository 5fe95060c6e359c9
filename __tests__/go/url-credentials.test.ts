/** Credentials in mirror URLs: shown as ***, split off for the Authorization header, masked in every form. */
import { describe, expect, test } from 'vitest';
import { shownUrl, splitCredentials, urlSecrets } from '../../src/go/url-credentials.js';

describe('url credentials', () => {
  test('every URL in a text loses its user name and password; others are untouched', () => {
    expect(shownUrl('from http://u:p%40ss@m.example/dl/x and https://tok@h/ y')).toBe(
      'from http://***@m.example/dl/x and https://***@h/ y',
    );
    expect(shownUrl('https://go.dev/dl/?mode=json&include=all')).toBe(
      'https://go.dev/dl/?mode=json&include=all',
    );
    expect(shownUrl('mailto:a@b and user@host:22')).toBe('mailto:a@b and user@host:22');
  });

  test('split off for Basic auth, decoded', () => {
    expect(splitCredentials('http://u%20x:p%40ss@m.example:8080/dl')).toEqual({
      url: 'http://m.example:8080/dl',
      basic: 'u x:p@ss',
    });
    expect(splitCredentials('https://go.dev/dl')).toEqual({ url: 'https://go.dev/dl' });
  });

  test('the secrets: the password and user:password as written and decoded; a lone token whole', () => {
    expect(urlSecrets('http://user:p%40ss@m/dl').sort()).toEqual(
      ['p%40ss', 'p@ss', 'user:p%40ss', 'user:p@ss'].sort(),
    );
    expect(urlSecrets('https://ghp_token123@m/dl')).toEqual(['ghp_token123']);
    expect(urlSecrets('https://go.dev/dl')).toEqual([]);
  });
});
