/* global Component */
Component({ properties: { text: String } });
